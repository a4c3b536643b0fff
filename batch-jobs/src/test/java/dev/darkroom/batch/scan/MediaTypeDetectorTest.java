package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.sample.SampleFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.tika.Tika;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaTypeDetectorTest {

  @TempDir Path dir;

  @Test
  void fastPathAgreesWithTikaOnEveryFileOfTheSampleArchive() throws Exception {
    SampleArchive sample = SampleArchiveGenerator.generate(dir.resolve("sample"));
    MediaTypeDetector detector = new MediaTypeDetector();
    Tika tika = new Tika();

    for (SampleFile file : sample.files()) {
      byte[] bytes = Files.readAllBytes(sample.resolve(file));
      byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 64 * 1024));
      String name = sample.resolve(file).getFileName().toString();
      assertThat(detector.detect(head, name)).as(file.path()).isEqualTo(tika.detect(head, name));
    }
  }

  @Test
  void contentWinsOverTheExtension() {
    MediaTypeDetector detector = new MediaTypeDetector();
    byte[] png = TestArchive.image("png", 4, 4, 1);
    byte[] gif = TestArchive.image("gif", 4, 4, 1);

    assertThat(detector.detect(png, "holiday.jpg")).isEqualTo("image/png");
    assertThat(detector.detect(gif, "holiday.jpg")).isEqualTo("image/gif");
    assertThat(detector.detect("%PDF-1.7\n".getBytes(), "scan.jpg")).isEqualTo("application/pdf");
  }
}
