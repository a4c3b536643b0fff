package dev.darkroom.batch.tools.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.sample.SampleFile;
import dev.darkroom.batch.sample.SampleFileKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegStructureTest {

  @Test
  void sampleJpegsAreCompleteAndEveryShortenedCopyIsNot(@TempDir Path dir) throws IOException {
    SampleArchive archive = SampleArchiveGenerator.generate(dir);
    for (SampleFile file : archive.files()) {
      if (!"image/jpeg".equals(file.mediaType())) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(archive.resolve(file));
      boolean truncated = file.kind() == SampleFileKind.TRUNCATED;
      assertThat(JpegStructure.isJpeg(bytes)).as(file.path()).isTrue();
      assertThat(JpegStructure.isComplete(bytes)).as(file.path()).isEqualTo(!truncated);
      if (!truncated) {
        // Cut anywhere, including inside the EXIF segment and its embedded markers.
        for (int length = 2; length < bytes.length; length += Math.max(1, bytes.length / 97)) {
          assertThat(JpegStructure.isComplete(Arrays.copyOf(bytes, length)))
              .as("%s cut at %d", file.path(), length)
              .isFalse();
        }
      }
    }
  }

  @Test
  void bytesAfterTheEndMarkerDoNotMatter() throws IOException {
    byte[] jpeg = Pictures.progressiveJpeg(64, 48);
    byte[] withTrailer = Arrays.copyOf(jpeg, jpeg.length + 100);
    Arrays.fill(withTrailer, jpeg.length, withTrailer.length, (byte) 0x5A);
    assertThat(JpegStructure.isComplete(jpeg)).isTrue();
    assertThat(JpegStructure.isComplete(withTrailer)).isTrue();
  }

  @Test
  void otherFormatsAreNotJpegs() {
    assertThat(JpegStructure.isJpeg(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isFalse();
    assertThat(JpegStructure.isJpeg(new byte[0])).isFalse();
  }
}
