package dev.darkroom.batch.tools.thumbnail;

import dev.darkroom.batch.tools.OriginalBytes;
import dev.darkroom.batch.tools.heif.HeifConvert;
import dev.darkroom.batch.tools.heif.HeifDecodeException;
import dev.darkroom.batch.tools.raw.RawPreview;
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
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.util.exif.ExifFilterUtils;
import net.coobird.thumbnailator.util.exif.Orientation;
import org.jspecify.annotations.Nullable;

/**
 * Makes a JPEG thumbnail no larger than {@code maxSize} on its longest side, turned upright by the
 * EXIF orientation, never enlarged. Decoding is Java's ImageIO with TwelveMonkeys' readers (JPEG:
 * CMYK, YCCK, progressive and damaged JPEGs; TIFF; WebP); HEIC/HEIF/AVIF go through libheif's
 * {@code heif-convert} ({@link HeifConvert}); camera RAW gives its largest embedded JPEG preview
 * ({@link RawPreview}). Resizing is Thumbnailator.
 *
 * <p>Transparent pixels are laid on white, since JPEG has no alpha. A JPEG that stops before its
 * end-of-image marker fails rather than yielding a half-grey thumbnail; one damaged in the middle
 * is decoded as far as the decoder can, as browsers show it. A worker without heif-convert skips
 * HEIF files, naming the missing program.
 */
public final class ThumbnailTool implements Tool {

  public static final String ID = "thumbnail";

  /** 2: HEIF, WebP and RAW previews; JPEGs damaged in the middle decode instead of failing. */
  public static final String VERSION = "2";

  public static final String KIND = "thumbnail";
  public static final String OUTPUT_MEDIA_TYPE = "image/jpeg";

  /** Decoded by libheif's heif-convert, when the worker has it. */
  static final MediaTypeSet HEIF =
      MediaTypeSet.of(
          "image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence", "image/avif");

  /** TIFF and the TIFF-structured camera RAW formats, whose embedded preview is used. */
  static final MediaTypeSet TIFF_STRUCTURED =
      MediaTypeSet.of(
          "image/tiff",
          "image/x-canon-cr2",
          "image/x-nikon-nef",
          "image/x-sony-arw",
          "image/x-adobe-dng",
          "image/x-raw-nikon",
          "image/x-raw-sony");

  /** The JDK and TwelveMonkeys (JPEG, TIFF, WebP) decode these; HEIF and RAW go their own way. */
  static final MediaTypeSet ACCEPTED =
      union(
          MediaTypeSet.of("image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp"),
          HEIF,
          TIFF_STRUCTURED);

  private final HeifConvert heif;

  /** With {@code heif-convert} from the {@code PATH}, if the worker has it. */
  public ThumbnailTool() {
    this(HeifConvert.fromPath());
  }

  public ThumbnailTool(HeifConvert heif) {
    this.heif = heif;
  }

  private static MediaTypeSet union(MediaTypeSet... sets) {
    Set<String> all = new HashSet<>();
    for (MediaTypeSet set : sets) {
      all.addAll(set.patterns());
    }
    return new MediaTypeSet(all);
  }

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
    if (HEIF.accepts(input.mediaType()) && !heif.available()) {
      return ToolResult.skipped(HeifConvert.unavailableReason()); // before reading the original
    }
    OriginalBytes original = OriginalBytes.read(input);
    if (original.failure() != null) {
      return original.failure();
    }
    byte[] bytes = original.bytes();
    if (HEIF.accepts(input.mediaType())) {
      return fromHeif(bytes, settings);
    }
    if (TIFF_STRUCTURED.accepts(input.mediaType()) && RawPreview.isRaw(bytes)) {
      return fromRawPreview(bytes, settings);
    }
    JpegStructure.Integrity integrity =
        JpegStructure.isJpeg(bytes) ? JpegStructure.integrity(bytes) : null;
    if (integrity == JpegStructure.Integrity.TRUNCATED) {
      return ToolResult.failed(
          "cannot decode image: the JPEG ends before its end-of-image marker (truncated file?)");
    }
    if (integrity == JpegStructure.Integrity.DAMAGED) {
      return fromDamagedJpeg(bytes, settings);
    }
    return thumbnail(bytes, settings, null, "");
  }

  /**
   * A JPEG with garbage before its end marker: decoded as it is, else with the stray markers the
   * garbage holds turned into data, so the decoder paints over the damage and goes on, as browsers
   * do. Only when both fail does the unit fail, the reason naming the damage.
   */
  private static ToolResult fromDamagedJpeg(byte[] bytes, ThumbnailSettings settings) {
    String damage = "the JPEG's data is damaged before its end-of-image marker: ";
    ToolResult asIs = thumbnail(bytes, settings, null, damage);
    byte[] repaired = JpegStructure.withoutStrayMarkers(bytes);
    if (asIs instanceof ToolResult.Success || repaired == null) {
      return asIs;
    }
    ToolResult result = thumbnail(repaired, settings, null, damage);
    return result instanceof ToolResult.Success ? result : asIs;
  }

  /** HEIF through heif-convert: the picture comes out upright, so EXIF is not applied again. */
  private ToolResult fromHeif(byte[] bytes, ThumbnailSettings settings) {
    byte[] jpeg;
    try {
      jpeg = heif.toJpeg(bytes);
    } catch (HeifDecodeException e) {
      return ToolResult.failed("cannot decode image: " + e.getMessage());
    } catch (IOException e) {
      // The temporary copy could not be written or read back: the worker's disk, not the file.
      return ToolResult.failedTransiently(
          "cannot decode image: temporary file: " + OriginalBytes.describe(e));
    }
    return thumbnail(jpeg, settings, 1, "");
  }

  /** RAW: the camera's largest embedded JPEG, turned by the RAW's own orientation. */
  private static ToolResult fromRawPreview(byte[] bytes, ThumbnailSettings settings) {
    Optional<RawPreview.Preview> preview = RawPreview.largest(bytes);
    if (preview.isEmpty()) {
      return ToolResult.failed(
          "cannot decode image: the RAW file has no embedded JPEG preview"
              + " (decoding sensor data is not supported)");
    }
    return thumbnail(preview.get().jpeg(), settings, preview.get().orientation(), "");
  }

  /**
   * @param orientation the EXIF orientation to apply, or null to apply the image's own EXIF
   * @param damage prefix of a failure reason naming known damage, or empty
   */
  private static ToolResult thumbnail(
      byte[] bytes, ThumbnailSettings settings, @Nullable Integer orientation, String damage) {
    try {
      long[] size = storedSize(bytes);
      if (size[0] * size[1] > MAX_PIXELS) {
        return ToolResult.failed(
            "cannot decode image: " + size[0] + "x" + size[1] + " pixels is more than allowed");
      }
      boolean fits = Math.max(size[0], size[1]) <= settings.maxSize();
      BufferedImage thumbnail = resize(bytes, settings, fits, orientation);
      return ToolResult.success(
          ToolOutput.stored(KIND, OUTPUT_MEDIA_TYPE, jpeg(thumbnail, settings.quality())));
    } catch (IOException | RuntimeException e) {
      // ImageIO and decoders report corrupt data as IIOException or, deeper down, as runtime
      // exceptions (ArrayIndexOutOfBounds, IllegalArgument): either way the content is the problem.
      return ToolResult.failed("cannot decode image: " + damage + OriginalBytes.describe(e));
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

  private static BufferedImage resize(
      byte[] bytes, ThumbnailSettings settings, boolean fits, @Nullable Integer orientation)
      throws IOException {
    Thumbnails.Builder<?> builder =
        Thumbnails.of(new ByteArrayInputStream(bytes)).useExifOrientation(orientation == null);
    if (orientation != null && orientation != 1) {
      builder =
          builder.addFilter(
              ExifFilterUtils.getFilterForOrientation(Orientation.typeOf(orientation)));
    }
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
