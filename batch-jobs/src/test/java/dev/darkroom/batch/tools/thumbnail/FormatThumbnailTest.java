package dev.darkroom.batch.tools.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.batch.tools.ToolInputs;
import dev.darkroom.batch.tools.heif.HeifConvert;
import dev.darkroom.batch.tools.heif.HeifSamples;
import dev.darkroom.batch.tools.raw.RawFiles;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thumbnails of the formats beyond JPEG and PNG, each from a real encoder or a faithful layout. */
class FormatThumbnailTest {

  private static final ToolParameters SANDBOX = ToolParameters.of(Map.of("maxSize", 256));

  @TempDir Path temp;

  private final ThumbnailTool tool = new ThumbnailTool();

  @Test
  void givenAHeicFromHeifEncThenTheThumbnailHasItsShapeAndExifOrientationIsNotAppliedTwice()
      throws Exception {
    HeifSamples.requireProgram(HeifConvert.PROGRAM);
    // heif-enc keeps the EXIF orientation tag but writes no rotation box; HEIF readers display
    // the picture as stored (the tag is informative), and so must the thumbnail.
    byte[] heic = HeifSamples.heic(temp, 640, 480, "-Orientation#=6");

    BufferedImage thumbnail = thumbnail(heic, "image/heic");

    assertThat(thumbnail.getWidth()).isEqualTo(256);
    assertThat(thumbnail.getHeight()).isEqualTo(192);
    assertThat(isDark(thumbnail.getRGB(128, 5))).as("the black band stays on top").isTrue();
    assertThat(isDark(thumbnail.getRGB(128, 180))).isFalse();
  }

  @Test
  void givenAWorkerWithoutHeifConvertThenHeicIsSkippedNamingTheProgram() {
    ThumbnailTool without = new ThumbnailTool(new HeifConvert(null, Duration.ofSeconds(1), temp));
    ToolResult result =
        without.process(ToolInputs.ofBytes(new byte[] {1, 2, 3}, "image/heic", SANDBOX));
    assertThat(result).isEqualTo(ToolResult.skipped("tool unavailable (heif-convert not found)"));
  }

  @Test
  void givenAHeicOfRandomBytesThenItFailsWithLibheifsReason() {
    HeifSamples.requireProgram(HeifConvert.PROGRAM);
    byte[] bytes = new byte[3000];
    new java.util.Random(3).nextBytes(bytes);
    ToolResult result = tool.process(ToolInputs.ofBytes(bytes, "image/heic", SANDBOX));
    assertThat(result).isInstanceOf(ToolResult.Failed.class);
    assertThat(((ToolResult.Failed) result).reason())
        .startsWith("cannot decode image: heif-convert failed")
        .contains("HEIF");
  }

  @Test
  void givenAWebpFromLibwebpThenItIsDecoded() throws Exception {
    HeifSamples.requireProgram("ffmpeg");
    Path png = temp.resolve("in.png");
    ImageIO.write(RawFiles.picture(600, 400, java.awt.Color.ORANGE), "png", png.toFile());
    for (String codecOption : List.of("-lossless 0", "-lossless 1")) {
      Path webp = temp.resolve("out" + codecOption.hashCode() + ".webp");
      List<String> command =
          new java.util.ArrayList<>(
              List.of(
                  "ffmpeg", "-loglevel", "error", "-y", "-i", png.toString(), "-c:v", "libwebp"));
      command.addAll(List.of(codecOption.split(" ")));
      command.add(webp.toString());
      Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(ffmpeg.getInputStream().readAllBytes());
      assertThat(ffmpeg.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assumeTrue(ffmpeg.exitValue() == 0, "ffmpeg has no libwebp encoder: " + output);

      BufferedImage thumbnail = thumbnail(Files.readAllBytes(webp), "image/webp");

      assertThat(thumbnail.getWidth()).as(codecOption).isEqualTo(256);
      assertThat(thumbnail.getHeight()).as(codecOption).isEqualTo(171);
    }
  }

  @Test
  void givenAPlainTiffThenItIsDecodedAsItself() throws IOException {
    BufferedImage thumbnail = thumbnail(RawFiles.plainTiff(400, 200), "image/tiff");
    assertThat(thumbnail.getWidth()).isEqualTo(256);
    assertThat(thumbnail.getHeight()).isEqualTo(128);
  }

  @Test
  void givenRawFilesThenTheThumbnailIsTheLargestPreviewTurnedByTheRawsOrientation()
      throws IOException {
    Map<String, byte[]> raws =
        Map.of(
            "CR2", RawFiles.cr2(640, 480, 6),
            "NEF", RawFiles.nef(640, 480, 6),
            "ARW", RawFiles.arw(640, 480, 6),
            "DNG", RawFiles.dng(640, 480, 6));
    for (Map.Entry<String, byte[]> raw : raws.entrySet()) {
      // The scanner calls CR2 by its own type and the others image/tiff (their content is TIFF).
      String type = raw.getKey().equals("CR2") ? "image/x-canon-cr2" : "image/tiff";

      BufferedImage thumbnail = thumbnail(raw.getValue(), type);

      assertThat(thumbnail.getWidth()).as(raw.getKey()).isEqualTo(192);
      assertThat(thumbnail.getHeight()).as(raw.getKey()).isEqualTo(256);
      int middle = thumbnail.getRGB(60, 128);
      assertThat(middle >> 16 & 0xFF).as(raw.getKey() + " red preview").isGreaterThan(180);
      assertThat(middle & 0xFF).as(raw.getKey() + " not the blue thumbnail").isLessThan(80);
      // Orientation 6 turns the top band to the right-hand side.
      assertThat(isDark(thumbnail.getRGB(185, 128))).as(raw.getKey()).isTrue();
      assertThat(isDark(thumbnail.getRGB(5, 128))).as(raw.getKey()).isFalse();
    }
  }

  @Test
  void givenARawWithoutAPreviewThenItFailsSayingSo() throws IOException {
    ToolResult result =
        tool.process(ToolInputs.ofBytes(RawFiles.nefWithoutPreview(), "image/tiff", SANDBOX));
    assertThat(result)
        .isEqualTo(
            ToolResult.failed(
                "cannot decode image: the RAW file has no embedded JPEG preview"
                    + " (decoding sensor data is not supported)"));
  }

  private BufferedImage thumbnail(byte[] bytes, String mediaType) throws IOException {
    ToolResult result = tool.process(ToolInputs.ofBytes(bytes, mediaType, SANDBOX));
    assertThat(result).as(mediaType).isInstanceOf(ToolResult.Success.class);
    byte[] jpeg = ((ToolResult.Success) result).outputs().get(0).content();
    return ImageIO.read(new ByteArrayInputStream(jpeg));
  }

  private static boolean isDark(int rgb) {
    return (rgb >> 16 & 0xFF) < 60 && (rgb >> 8 & 0xFF) < 60 && (rgb & 0xFF) < 60;
  }
}
