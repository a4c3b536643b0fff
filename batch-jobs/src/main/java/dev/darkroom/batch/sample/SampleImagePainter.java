package dev.darkroom.batch.sample;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws synthetic "photos" (sky, ground, sun, shapes, a caption and an UP marker) and encodes them.
 * Everything random comes from the caller's {@link Random}, so equal seeds give equal pixels.
 */
final class SampleImagePainter {

  private static final float JPEG_QUALITY = 0.85f;

  private SampleImagePainter() {}

  /** A landscape-like scene, drawn upright, with an UP marker so a wrong rotation is visible. */
  static BufferedImage scene(int width, int height, String caption, Random random) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int horizon = height / 2 + random.nextInt(Math.max(1, height / 4));
      g.setPaint(new GradientPaint(0, 0, color(random, 120), 0, horizon, color(random, 200)));
      g.fillRect(0, 0, width, horizon);
      g.setPaint(
          new GradientPaint(0, horizon, color(random, 160), width, height, color(random, 60)));
      g.fillRect(0, horizon, width, height - horizon);

      int sun = Math.max(8, Math.min(width, height) / (4 + random.nextInt(4)));
      g.setColor(new Color(255, 220 + random.nextInt(36), 120 + random.nextInt(100)));
      g.fillOval(random.nextInt(Math.max(1, width - sun)), horizon / 4, sun, sun);

      int shapes = 6 + random.nextInt(7);
      for (int i = 0; i < shapes; i++) {
        g.setComposite(
            AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f + random.nextFloat() / 2));
        g.setColor(color(random, 256));
        int w = 1 + random.nextInt(Math.max(1, width / 3));
        int h = 1 + random.nextInt(Math.max(1, height / 3));
        int x = random.nextInt(width);
        int y = random.nextInt(height);
        switch (random.nextInt(3)) {
          case 0 -> g.fillOval(x - w / 2, y - h / 2, w, h);
          case 1 -> g.fillRect(x - w / 2, y - h / 2, w, h);
          default ->
              g.fillPolygon(
                  new int[] {x, x + w / 2, x - w / 2},
                  new int[] {y - h / 2, y + h / 2, y + h / 2},
                  3);
        }
      }
      g.setComposite(AlphaComposite.SrcOver);
      drawUpMarker(g, width, height);
      drawCaption(g, caption, width, height);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** A logo-like picture on a fully transparent background. */
  static BufferedImage transparentLogo(int size, Random random) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(color(random, 256));
      g.fillOval(size / 8, size / 8, size * 3 / 4, size * 3 / 4);
      g.setColor(new Color(255, 255, 255, 200));
      g.setStroke(new BasicStroke(Math.max(2, size / 24f)));
      g.drawOval(size / 4, size / 4, size / 2, size / 2);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size / 5));
      g.drawString("DR", size * 3 / 8, size * 9 / 16);
    } finally {
      g.dispose();
    }
    return image;
  }

  /**
   * Returns the pixels a camera would store for an upright scene shown with this EXIF orientation:
   * orientation 6 means "rotate 90° clockwise to display", so the stored image is the scene turned
   * 90° counter-clockwise; 8 is the reverse. Other values leave the image as it is.
   */
  static BufferedImage storedForOrientation(BufferedImage upright, int orientation) {
    if (orientation != 6 && orientation != 8) {
      return upright;
    }
    int w = upright.getWidth();
    int h = upright.getHeight();
    int[] src = upright.getRGB(0, 0, w, h, null, 0, w);
    int[] dst = new int[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // the stored image is h wide and w high
        int tx = orientation == 6 ? y : h - 1 - y;
        int ty = orientation == 6 ? w - 1 - x : x;
        dst[ty * h + tx] = src[y * w + x];
      }
    }
    BufferedImage stored = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
    stored.setRGB(0, 0, h, w, dst, 0, h);
    return stored;
  }

  static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("JPEG encoding in memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer in this JRE");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding in memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static void drawUpMarker(Graphics2D g, int width, int height) {
    int s = Math.max(6, Math.min(width, height) / 12);
    int cx = width / 2;
    int top = s / 2;
    g.setColor(new Color(255, 255, 255, 220));
    g.fillPolygon(
        new Polygon(new int[] {cx, cx + s / 2, cx - s / 2}, new int[] {top, top + s, top + s}, 3));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, s / 2)));
    g.drawString("UP", cx - s / 3, top + s + s * 2 / 3);
  }

  private static void drawCaption(Graphics2D g, String caption, int width, int height) {
    // proportional to the picture, but small enough that the caption fits across a portrait
    int size =
        Math.max(
            8,
            Math.min(Math.min(width, height) / 18, (int) (width / (caption.length() * 0.62 + 2))));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
    int x = size;
    int y = height - size;
    g.setColor(new Color(0, 0, 0, 160));
    g.drawString(caption, x + Math.max(1, size / 12), y + Math.max(1, size / 12));
    g.setColor(Color.WHITE);
    g.drawString(caption, x, y);
  }

  private static Color color(Random random, int bound) {
    return new Color(random.nextInt(bound), random.nextInt(bound), random.nextInt(bound));
  }
}
