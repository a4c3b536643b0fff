package dev.darkroom.batch.tools.phash;

import static dev.darkroom.batch.sample.NearDuplicatePictures.brightened;
import static dev.darkroom.batch.sample.NearDuplicatePictures.circles;
import static dev.darkroom.batch.sample.NearDuplicatePictures.jpeg;
import static dev.darkroom.batch.sample.NearDuplicatePictures.scaled;
import static dev.darkroom.batch.sample.NearDuplicatePictures.scene;
import static dev.darkroom.batch.sample.NearDuplicatePictures.stripes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hash is ImageHash's {@code phash}: recorded vectors of ImageHash 4.3.2 (Pillow 13) on
 * pictures this test draws, and, where Python with ImageHash is installed, a live comparison. Near
 * copies stay within a few bits; unrelated pictures are far apart.
 */
class PerceptualHashTest {

  /**
   * {@code str(imagehash.phash(Image.open(png)))} for each picture of {@link #pictures()}, recorded
   * with ImageHash 4.3.2 and Pillow 13.
   */
  static final Map<String, String> IMAGEHASH_VECTORS =
      Map.of(
          "gradient", "d7b22b8a22d177a8",
          "circles", "fbb7c44895074669",
          "stripes", "80aa00af01ff55ff",
          "noise", "875cc0a1b47b756c",
          "scene", "bc95635a986a439b");

  /** Pillow and Java round a few intermediate values differently; a bit or two may differ. */
  static final int TOLERANCE = 2;

  @Test
  void matchesTheRecordedImageHashVectors() {
    for (Map.Entry<String, BufferedImage> picture : pictures().entrySet()) {
      long expected = PerceptualHash.fromHex(IMAGEHASH_VECTORS.get(picture.getKey()));
      long actual = PerceptualHash.of(picture.getValue());
      assertThat(PerceptualHash.distance(expected, actual))
          .as("%s: %s vs ImageHash %s", picture.getKey(), PerceptualHash.toHex(actual), expected)
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void matchesPythonImageHashWhereInstalled(@TempDir Path dir) throws Exception {
    assumeTrue(
        run(List.of("python3", "-c", "import imagehash")) != null,
        "python3 with the imagehash package (pip install imagehash) is not installed");
    Map<String, BufferedImage> pictures = pictures();
    List<String> command = new ArrayList<>(List.of("python3", "-c", PRINT_HASHES));
    for (Map.Entry<String, BufferedImage> picture : pictures.entrySet()) {
      Path png = dir.resolve(picture.getKey() + ".png");
      ImageIO.write(picture.getValue(), "png", png.toFile());
      command.add(png.toString());
    }
    String output = run(command);
    assertThat(output).isNotNull();
    String[] lines = output.strip().split("\n");
    int i = 0;
    for (Map.Entry<String, BufferedImage> picture : pictures.entrySet()) {
      long python = PerceptualHash.fromHex(lines[i++].strip());
      long java = PerceptualHash.of(picture.getValue());
      assertThat(PerceptualHash.distance(python, java))
          .as("%s: %s vs ImageHash %s", picture.getKey(), PerceptualHash.toHex(java), lines[i - 1])
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void nearCopiesStayCloseAndAnUnrelatedPictureDoesNot() throws IOException {
    BufferedImage scene = pictures().get("scene");
    long original = PerceptualHash.of(scene);

    long resized = PerceptualHash.of(scaled(scene, 200, 150));
    long reencoded = PerceptualHash.of(ImageIO.read(new ByteArrayInputStream(jpeg(scene, 0.3f))));
    long cropped = PerceptualHash.of(scene.getSubimage(8, 6, 624, 468));
    long brightened = PerceptualHash.of(brightened(scene, 25));
    long unrelated = PerceptualHash.of(pictures().get("circles"));

    assertThat(PerceptualHash.distance(original, resized)).isLessThanOrEqualTo(4);
    assertThat(PerceptualHash.distance(original, reencoded)).isLessThanOrEqualTo(4);
    assertThat(PerceptualHash.distance(original, cropped)).isLessThanOrEqualTo(8);
    assertThat(PerceptualHash.distance(original, brightened)).isLessThanOrEqualTo(4);
    assertThat(PerceptualHash.distance(original, unrelated)).isGreaterThan(16);
  }

  @Test
  void hexRoundTripsAndDistanceCountsBits() {
    long hash = 0x8f0e_1a2b_3c4d_5e6fL;
    assertThat(PerceptualHash.toHex(hash)).isEqualTo("8f0e1a2b3c4d5e6f");
    assertThat(PerceptualHash.fromHex("8f0e1a2b3c4d5e6f")).isEqualTo(hash);
    assertThat(PerceptualHash.distance(0L, -1L)).isEqualTo(64);
    assertThat(PerceptualHash.distance(hash, hash ^ 0b1011)).isEqualTo(3);
  }

  private static final String PRINT_HASHES =
      "import sys, imagehash\n"
          + "from PIL import Image\n"
          + "for p in sys.argv[1:]: print(imagehash.phash(Image.open(p)))\n";

  private static String run(List<String> command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      return process.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Pictures drawn the same way every time, in a stable order. */
  static Map<String, BufferedImage> pictures() {
    Map<String, BufferedImage> pictures = new LinkedHashMap<>();
    BufferedImage gradient = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 300; x++) {
        int v = (x * 255 / 299 + y * 128 / 199) / 2;
        gradient.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (v / 2));
      }
    }
    pictures.put("gradient", gradient);
    pictures.put("circles", circles());
    pictures.put("stripes", stripes());
    BufferedImage noise = new BufferedImage(123, 77, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(42);
    for (int y = 0; y < 77; y++) {
      for (int x = 0; x < 123; x++) {
        noise.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    pictures.put("noise", noise);
    pictures.put("scene", scene());
    return pictures;
  }

  /** Writes the pictures as PNG files, for recording vectors by hand. */
  static void writePictures(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, BufferedImage> picture : pictures().entrySet()) {
      ImageIO.write(picture.getValue(), "png", dir.resolve(picture.getKey() + ".png").toFile());
    }
  }
}
