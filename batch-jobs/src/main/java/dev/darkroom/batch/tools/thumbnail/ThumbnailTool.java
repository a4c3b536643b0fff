package dev.darkroom.batch.tools.thumbnail;

import dev.darkroom.batch.tools.OriginalBytes;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Makes a JPEG thumbnail no larger than {@code maxSize} on its longest side, turned upright by the
 * EXIF orientation, never enlarged. Decoding is Java's ImageIO with TwelveMonkeys' JPEG reader
 * (CMYK, YCCK, progressive and slightly broken JPEGs); resizing is Thumbnailator.
 *
 * <p>Transparent pixels are laid on white, since JPEG has no alpha. A JPEG that stops before its
 * end-of-image marker fails rather than yielding a half-grey thumbnail.
 */
public final class ThumbnailTool implements Tool {

  public static final String ID = "thumbnail";
  public static final String VERSION = "1";
  public static final String KIND = "thumbnail";
  public static final String OUTPUT_MEDIA_TYPE = "image/jpeg";

  /** Formats the JDK and TwelveMonkeys decode; HEIC, RAW and WebP need readers we do not ship. */
  static final MediaTypeSet ACCEPTED =
      MediaTypeSet.of("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff");

  /**
   * Refuse to decode more pixels than this (~600 MB of ARGB raster); a decompression bomb guard.
   */
  static final long MAX_PIXELS = 150_000_000L;

  static {
    // ImageIO looks for plugins (TwelveMonkeys) with the context class loader of the first thread
    // that touches it; in a Boot fat jar or a pool thread that loader may not see them.
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try {
      thread.setContextClassLoader(ThumbnailTool.class.getClassLoader());
      ImageIO.scanForPlugins();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public MediaTypeSet acceptedMediaTypes() {
    return ACCEPTED;
  }

  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    return ThumbnailSettings.from(requested).toParameters();
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!ACCEPTED.accepts(input.mediaType())) {
      return ToolResult.skipped(
          "the thumbnail tool does not decode "
              + input.mediaType()
              + " (it takes "
              + ACCEPTED
              + ")");
    }
    ThumbnailSettings settings = ThumbnailSettings.from(input.parameters());
    OriginalBytes original = OriginalBytes.read(input);
    if (original.failure() != null) {
      return original.failure();
    }
    byte[] bytes = original.bytes();
    if (JpegStructure.isJpeg(bytes) && !JpegStructure.isComplete(bytes)) {
      return ToolResult.failed(
          "cannot decode image: the JPEG ends before its end-of-image marker (truncated file?)");
    }
    try {
      long[] size = storedSize(bytes);
      if (size[0] * size[1] > MAX_PIXELS) {
        return ToolResult.failed(
            "cannot decode image: " + size[0] + "x" + size[1] + " pixels is more than allowed");
      }
      boolean fits = Math.max(size[0], size[1]) <= settings.maxSize();
      BufferedImage thumbnail = resize(bytes, settings, fits);
      return ToolResult.success(
          ToolOutput.stored(KIND, OUTPUT_MEDIA_TYPE, jpeg(thumbnail, settings.quality())));
    } catch (IOException | RuntimeException e) {
      // ImageIO and decoders report corrupt data as IIOException or, deeper down, as runtime
      // exceptions (ArrayIndexOutOfBounds, IllegalArgument): either way the content is the problem.
      return ToolResult.failed("cannot decode image: " + OriginalBytes.describe(e));
    }
  }

  /** Width and height from the header, without decoding pixels. */
  private static long[] storedSize(byte[] bytes) throws IOException {
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IOException("no decoder recognises the content");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return new long[] {reader.getWidth(0), reader.getHeight(0)};
      } finally {
        reader.dispose();
      }
    }
  }

  private static BufferedImage resize(byte[] bytes, ThumbnailSettings settings, boolean fits)
      throws IOException {
    Thumbnails.Builder<?> builder =
        Thumbnails.of(new ByteArrayInputStream(bytes)).useExifOrientation(true);
    // size() would enlarge a small image to maxSize; scale(1) still applies the orientation.
    builder = fits ? builder.scale(1.0) : builder.size(settings.maxSize(), settings.maxSize());
    return builder.asBufferedImage();
  }

  /** JPEG bytes of the image on a white background, at the given quality. */
  private static byte[] jpeg(BufferedImage image, double quality) throws IOException {
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream target = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(target);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality((float) quality);
      writer.write(null, new IIOImage(rgb, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
