package dev.darkroom.bench.runs;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * The benchmark's archive: {@code n} small JPEGs that all decode and all have distinct content
 * hashes (so the catalog sees {@code n} assets), written fast. {@value #BASES} real 320x240 JPEGs
 * are encoded once with ImageIO; every file is one of them with a COM segment holding its index
 * inserted after the JFIF APP0 segment. Decoders ignore COM, so every file decodes to its base.
 */
public final class JpegSet {

  static final int BASES = 50;
  static final int WIDTH = 320;
  static final int HEIGHT = 240;

  private JpegSet() {}

  /**
   * Writes {@code n} files as {@code dNN/img-NNNNNN.jpg} under {@code dir}; returns total bytes.
   */
  public static long generate(Path dir, int n) throws IOException {
    return generate(dir, n, WIDTH, HEIGHT);
  }

  /** As {@link #generate(Path, int)}, pictures of {@code width}×{@code height}. */
  public static long generate(Path dir, int n, int width, int height) throws IOException {
    byte[][] bases = new byte[BASES][];
    for (int i = 0; i < BASES; i++) {
      bases[i] = encode(paint(i, width, height));
    }
    for (int d = 0; d <= (n - 1) / 1000; d++) {
      Files.createDirectories(dir.resolve(String.format("d%02d", d)));
    }
    return IntStream.range(0, n)
        .parallel()
        .mapToLong(
            i -> {
              byte[] jpeg = withComment(bases[i % BASES], "darkroom bench asset " + i);
              Path file = dir.resolve(String.format("d%02d/img-%06d.jpg", i / 1000, i));
              try {
                Files.write(file, jpeg);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return jpeg.length;
            })
        .sum();
  }

  /** A photo-like image: smooth gradients with some noise and a few shapes. */
  static BufferedImage paint(int seed) {
    return paint(seed, WIDTH, HEIGHT);
  }

  /** A photo-like image of the given size. */
  static BufferedImage paint(int seed, int width, int height) {
    Random random = new Random(seed * 7919L + 1);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int r0 = random.nextInt(256);
    int g0 = random.nextInt(256);
    int b0 = random.nextInt(256);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int noise = random.nextInt(24) - 12;
        int r = clamp(r0 + x * 96 / width + noise);
        int g = clamp(g0 + y * 96 / height + noise);
        int b = clamp(b0 + (x + y) * 48 / (width + height) - noise);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Graphics2D g = image.createGraphics();
    for (int k = 0; k < 6; k++) {
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillOval(
          random.nextInt(width),
          random.nextInt(height),
          20 + random.nextInt(width / 4),
          20 + random.nextInt(height / 4));
    }
    g.dispose();
    return image;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  static byte[] encode(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "jpg", out)) {
      throw new IllegalStateException("no JPEG writer");
    }
    return out.toByteArray();
  }

  /** The JPEG with a COM segment inserted after SOI and, if present, the APP0 segment. */
  static byte[] withComment(byte[] jpeg, String comment) {
    if ((jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8) {
      throw new IllegalArgumentException("not a JPEG");
    }
    int at = 2;
    if ((jpeg[2] & 0xff) == 0xff && (jpeg[3] & 0xff) == 0xe0) {
      at = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
    }
    byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
    int length = text.length + 2;
    byte[] out = new byte[jpeg.length + 2 + length];
    System.arraycopy(jpeg, 0, out, 0, at);
    out[at] = (byte) 0xff;
    out[at + 1] = (byte) 0xfe;
    out[at + 2] = (byte) (length >> 8);
    out[at + 3] = (byte) length;
    System.arraycopy(text, 0, out, at + 4, text.length);
    System.arraycopy(jpeg, at, out, at + 4 + text.length, jpeg.length - at);
    return out;
  }
}
