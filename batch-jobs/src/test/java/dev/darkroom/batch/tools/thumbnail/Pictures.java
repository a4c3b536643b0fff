package dev.darkroom.batch.tools.thumbnail;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Pixel helpers and hand-made JPEG variants for thumbnail tests. */
final class Pictures {

  private Pictures() {}

  /** The image turned 90°, clockwise or counter-clockwise. */
  static BufferedImage rotate(BufferedImage image, boolean clockwise) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage turned = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int tx = clockwise ? h - 1 - y : y;
        int ty = clockwise ? x : w - 1 - x;
        turned.setRGB(tx, ty, image.getRGB(x, y));
      }
    }
    return turned;
  }

  /** Mean absolute channel difference after scaling {@code other} to {@code reference}'s size. */
  static double meanDifference(BufferedImage reference, BufferedImage other) {
    int w = reference.getWidth();
    int h = reference.getHeight();
    BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(other, 0, 0, w, h, null);
    g.dispose();
    long sum = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int a = reference.getRGB(x, y);
        int b = scaled.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF));
        }
      }
    }
    return sum / (3.0 * w * h);
  }

  static byte[] progressiveJpeg(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLUE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return write(new IIOImage(image, null, null), true);
  }

  /** A four-channel (CMYK, Adobe) JPEG, which Java's own JPEG reader refuses. */
  static byte[] cmykJpeg(int width, int height) throws IOException {
    WritableRaster raster = Raster.createInterleavedRaster(0, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {x * 255 / width, y * 255 / height, 40, 0});
      }
    }
    return write(new IIOImage(raster, null, null), false);
  }

  private static byte[] write(IIOImage image, boolean progressive) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, image, param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
