package dev.darkroom.batch.tools.phash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
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
    pictures.put(
        "circles",
        draw(
            400,
            400,
            g -> {
              g.setColor(Color.WHITE);
              g.fillRect(0, 0, 400, 400);
              g.setColor(new Color(200, 30, 30));
              g.fillOval(40, 60, 180, 180);
              g.setColor(new Color(20, 40, 160));
              g.fillOval(220, 200, 150, 150);
            }));
    pictures.put(
        "stripes",
        draw(
            256,
            192,
            g -> {
              g.setColor(Color.BLACK);
              g.fillRect(0, 0, 256, 192);
              g.setColor(new Color(230, 230, 90));
              g.setStroke(new BasicStroke(14));
              for (int i = -192; i < 256; i += 40) {
                g.drawLine(i, 0, i + 150, 192);
              }
            }));
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

  /** A landscape with a sky, hills, a sun and a house: the picture the near copies come from. */
  static BufferedImage scene() {
    return draw(
        640,
        480,
        g -> {
          g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          for (int y = 0; y < 300; y++) {
            g.setColor(new Color(90 + y / 6, 140 + y / 5, 230));
            g.drawLine(0, y, 640, y);
          }
          g.setColor(new Color(250, 210, 60));
          g.fillOval(470, 50, 90, 90);
          g.setColor(new Color(60, 130, 50));
          g.fillOval(-100, 250, 500, 400);
          g.setColor(new Color(40, 100, 40));
          g.fillOval(250, 280, 600, 400);
          g.setColor(new Color(150, 60, 40));
          g.fillRect(120, 250, 120, 90);
          g.setColor(new Color(90, 30, 20));
          g.fillPolygon(new int[] {110, 180, 250}, new int[] {250, 190, 250}, 3);
          g.setColor(Color.DARK_GRAY);
          g.setStroke(new BasicStroke(4));
          g.drawLine(0, 420, 640, 380);
        });
  }

  interface Painter {
    void paint(Graphics2D g);
  }

  static BufferedImage draw(int width, int height, Painter painter) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      painter.paint(g);
    } finally {
      g.dispose();
    }
    return image;
  }

  static BufferedImage scaled(BufferedImage image, int width, int height) {
    return draw(
        width,
        height,
        g -> {
          g.setRenderingHint(
              RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
          g.drawImage(image, 0, 0, width, height, null);
        });
  }

  static BufferedImage brightened(BufferedImage image, int by) {
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = Math.min(255, ((rgb >> 16) & 0xff) + by);
        int g = Math.min(255, ((rgb >> 8) & 0xff) + by);
        int b = Math.min(255, (rgb & 0xff) + by);
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  static byte[] jpeg(BufferedImage image, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream target = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(target);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** Writes the pictures as PNG files, for recording vectors by hand. */
  static void writePictures(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, BufferedImage> picture : pictures().entrySet()) {
      ImageIO.write(picture.getValue(), "png", dir.resolve(picture.getKey() + ".png").toFile());
    }
  }
}
