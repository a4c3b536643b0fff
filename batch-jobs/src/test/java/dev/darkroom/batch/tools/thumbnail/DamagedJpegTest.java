package dev.darkroom.batch.tools.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.sample.SampleFileKind;
import dev.darkroom.batch.tools.ToolInputs;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JPEG with a block of garbage in its middle that still ends with its end-of-image marker is
 * damaged, not truncated: decoders (and browsers) paint over the damage, and so does the tool.
 */
class DamagedJpegTest {

  private static final ToolParameters SANDBOX = ToolParameters.of(Map.of("maxSize", 256));

  @TempDir static Path dir;
  static SampleArchive archive;
  static byte[] photo;

  private final ThumbnailTool tool = new ThumbnailTool();

  @BeforeAll
  static void generate() throws IOException {
    archive = SampleArchiveGenerator.generate(dir.resolve("archive"));
    photo =
        Files.readAllBytes(archive.resolve(archive.file("2020/2020-02 Reykjavik/DSCF0101.jpg")));
  }

  @Test
  void givenGarbageInTheMiddleThenTheStructureIsDamagedNotTruncated() {
    for (int seed = 0; seed < 20; seed++) {
      byte[] damaged = withGarbage(photo, seed);
      assertThat(JpegStructure.integrity(damaged))
          .as("seed " + seed)
          .isEqualTo(JpegStructure.Integrity.DAMAGED);
    }
    byte[] truncated = Arrays.copyOf(photo, photo.length * 2 / 5);
    assertThat(JpegStructure.integrity(truncated)).isEqualTo(JpegStructure.Integrity.TRUNCATED);
    assertThat(JpegStructure.integrity(photo)).isEqualTo(JpegStructure.Integrity.COMPLETE);
  }

  @Test
  void givenGarbageInTheMiddleThenTheThumbnailIsDecodedAsBrowsersShowIt() throws IOException {
    for (int seed = 0; seed < 20; seed++) {
      byte[] damaged = withGarbage(photo, seed);

      ToolResult result = tool.process(ToolInputs.ofBytes(damaged, "image/jpeg", SANDBOX));

      assertThat(result).as("seed " + seed).isInstanceOf(ToolResult.Success.class);
      BufferedImage thumbnail =
          ImageIO.read(
              new ByteArrayInputStream(((ToolResult.Success) result).outputs().get(0).content()));
      assertThat(thumbnail.getWidth()).isEqualTo(256);
      assertThat(thumbnail.getHeight()).isEqualTo(171);
    }
  }

  @Test
  void givenAProgressiveJpegWithGarbageThenItDecodesOrTheReasonNamesTheDamage() throws IOException {
    byte[] progressive = Pictures.progressiveJpeg(640, 480);
    assertThat(JpegStructure.withoutStrayMarkers(withGarbage(progressive, 1))).isNull();
    for (int seed = 0; seed < 5; seed++) {
      byte[] damaged = withGarbage(progressive, seed);
      assertThat(JpegStructure.integrity(damaged)).isEqualTo(JpegStructure.Integrity.DAMAGED);

      ToolResult result = tool.process(ToolInputs.ofBytes(damaged, "image/jpeg", SANDBOX));

      if (result instanceof ToolResult.Failed failed) {
        assertThat(failed.reason())
            .startsWith(
                "cannot decode image: the JPEG's data is damaged before its end-of-image marker: ")
            .doesNotContain("truncated");
      }
    }
  }

  @Test
  void givenTheSampleTruncatedJpegThenItStillFailsAsTruncated() {
    var truncated = archive.ofKind(SampleFileKind.TRUNCATED).get(0);
    ToolResult result = tool.process(ToolInputs.of(archive, truncated, SANDBOX));
    assertThat(result)
        .isEqualTo(
            ToolResult.failed(
                "cannot decode image: the JPEG ends before its end-of-image marker (truncated file?)"));
  }

  /** 4 KiB of random bytes written over the middle of the image data; the end marker stays. */
  static byte[] withGarbage(byte[] jpeg, int seed) {
    byte[] damaged = jpeg.clone();
    byte[] garbage = new byte[Math.min(4096, jpeg.length / 4)];
    new Random(seed).nextBytes(garbage);
    System.arraycopy(garbage, 0, damaged, jpeg.length / 2, garbage.length);
    return damaged;
  }
}
