package dev.darkroom.batch.sample;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Drawn pictures and the edits that make near-duplicates of them, as an archive holds them
 * (resized, re-encoded at another JPEG quality, cropped and brightened): the sample media's
 * near-duplicates ({@link SampleMedia}) and the near-duplicate tests' archives are made of these.
 * Deterministic: no randomness, no clock.
 */
public final class NearDuplicatePictures {

  private NearDuplicatePictures() {}

  /** A landscape: sky, sun, hills and a house. */
  public static BufferedImage scene() {
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

  public static BufferedImage circles() {
    return draw(
        400,
        400,
        g -> {
          g.setColor(Color.WHITE);
          g.fillRect(0, 0, 400, 400);
          g.setColor(new Color(200, 30, 30));
          g.fillOval(40, 60, 180, 180);
          g.setColor(new Color(20, 40, 160));
          g.fillOval(220, 200, 150, 150);
        });
  }

  public static BufferedImage stripes() {
    return draw(
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
        });
  }

  public static BufferedImage draw(int width, int height, Consumer<Graphics2D> painter) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      painter.accept(g);
    } finally {
      g.dispose();
    }
    return image;
  }

  public static BufferedImage scaled(BufferedImage image, int width, int height) {
    return draw(
        width,
        height,
        g -> {
          g.setRenderingHint(
              RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
          g.drawImage(image, 0, 0, width, height, null);
        });
  }

  public static BufferedImage brightened(BufferedImage image, int by) {
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

  public static byte[] jpeg(BufferedImage image, float quality) throws IOException {
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
}
