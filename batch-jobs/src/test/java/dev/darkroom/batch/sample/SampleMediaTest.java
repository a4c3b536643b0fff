package dev.darkroom.batch.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import dev.darkroom.batch.tools.phash.PerceptualHash;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.tika.Tika;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample media: every file under {@code media/} and nothing elsewhere, the pictures decodable
 * by Java, the HEIC and the video recognised by their content, the near-duplicates within the
 * duplicates pipeline's default threshold of each other and far from the unrelated PNG.
 */
class SampleMediaTest {

  @TempDir Path root;

  @Test
  void addToWritesEveryMediaFileUnderMediaAndNothingElse() throws IOException {
    Files.writeString(root.resolve("notes.txt"), "already here");

    List<String> written = SampleMedia.addTo(root);

    assertThat(written).containsExactlyInAnyOrderElementsOf(SampleMedia.files()).hasSize(7);
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .map(f -> root.relativize(f).toString().replace('\\', '/'))
                  .toList())
          .containsExactlyInAnyOrderElementsOf(
              Stream.concat(written.stream(), Stream.of("notes.txt")).toList());
    }
    assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("already here");
    for (String file : written) {
      assertThat(Files.getLastModifiedTime(root.resolve(file)).toInstant())
          .as(file)
          .isEqualTo(SampleArchiveGenerator.FIXED_MTIME);
    }
  }

  @Test
  void picturesDecodeAndHeicAndVideoAreWhatTheirNamesSay() throws Exception {
    SampleMedia.addTo(root);
    Tika tika = new Tika();

    BufferedImage png = ImageIO.read(root.resolve(SampleMedia.PNG).toFile());
    assertThat(png).isNotNull();
    assertThat(tika.detect(root.resolve(SampleMedia.PNG))).isEqualTo("image/png");
    for (String picture : SampleMedia.NEAR_DUPLICATES) {
      assertThat(ImageIO.read(root.resolve(picture).toFile())).as(picture).isNotNull();
      assertThat(tika.detect(root.resolve(picture))).as(picture).isEqualTo("image/jpeg");
    }
    assertThat(tika.detect(root.resolve(SampleMedia.HEIC))).isEqualTo("image/heic");
    assertThat(tika.detect(root.resolve(SampleMedia.VIDEO))).isEqualTo("video/quicktime");
    assertThat(Files.size(root.resolve(SampleMedia.HEIC))).isLessThan(100_000);
    assertThat(Files.size(root.resolve(SampleMedia.VIDEO))).isLessThan(100_000);
    // Java cannot decode HEIC, but its EXIF (carried over by heif-enc) is readable.
    Metadata heic = ImageMetadataReader.readMetadata(root.resolve(SampleMedia.HEIC).toFile());
    ExifIFD0Directory ifd0 = heic.getFirstDirectoryOfType(ExifIFD0Directory.class);
    assertThat(ifd0).isNotNull();
    assertThat(ifd0.getString(ExifIFD0Directory.TAG_MODEL)).isEqualTo("iPhone 12");
  }

  @Test
  void nearDuplicatesAreWithinTheDefaultThresholdAndThePngIsNot() throws IOException {
    SampleMedia.addTo(root);
    long first = hash(SampleMedia.NEAR_DUPLICATES.get(0));

    for (String copy : SampleMedia.NEAR_DUPLICATES) {
      assertThat(PerceptualHash.distance(first, hash(copy))).as(copy).isLessThanOrEqualTo(8);
    }
    assertThat(PerceptualHash.distance(first, hash(SampleMedia.PNG))).isGreaterThan(16);
  }

  @Test
  void addingTwiceIsRefusedAndLeavesTheFirstMediaAlone() throws IOException {
    SampleMedia.addTo(root);
    byte[] before = Files.readAllBytes(root.resolve(SampleMedia.VIDEO));

    assertThatThrownBy(() -> SampleMedia.addTo(root))
        .isInstanceOf(NonEmptyDirectoryException.class)
        .hasMessageContaining(root.resolve(SampleMedia.DIR).toString());
    assertThat(Files.readAllBytes(root.resolve(SampleMedia.VIDEO))).isEqualTo(before);
  }

  private long hash(String relPath) throws IOException {
    return PerceptualHash.of(ImageIO.read(root.resolve(relPath).toFile()));
  }
}
