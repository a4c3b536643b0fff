package dev.darkroom.batch.tools.phash;

import dev.darkroom.batch.tools.OriginalBytes;
import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The 64-bit perceptual hash ({@link PerceptualHash}) of a picture, as one inline JSON artifact of
 * kind {@code phash}: {@code {"phash":"c3a1…","bits":64,"source":"thumbnail"}}.
 *
 * <p>In a pipeline after {@code thumbnail} it hashes the thumbnail the unit just got, so every
 * format the thumbnail tool decodes (HEIC through heif-convert, RAW previews, oriented JPEGs) is
 * hashed the same way and the original is not decoded twice; lineage then lists the thumbnail as
 * its input. On its own it decodes the original with ImageIO (JPEG, PNG, GIF, BMP, TIFF, WebP). A
 * perceptual hash is insensitive to the thumbnail's own resize and JPEG encoding: it looks at a 32
 * × 32 grey version.
 */
public final class PhashTool implements Tool {

  public static final String ID = "phash";
  public static final String VERSION = "1";
  public static final String KIND = "phash";

  /** The upstream output hashed when the pipeline produced one. */
  static final String THUMBNAIL_KIND = "thumbnail";

  /** What the thumbnail tool decodes; the tool itself needs its output for HEIF and RAW. */
  static final MediaTypeSet ACCEPTED =
      MediaTypeSet.of(
          "image/jpeg",
          "image/png",
          "image/gif",
          "image/bmp",
          "image/webp",
          "image/tiff",
          "image/heic",
          "image/heif",
          "image/heic-sequence",
          "image/heif-sequence",
          "image/avif",
          "image/x-canon-cr2",
          "image/x-nikon-nef",
          "image/x-sony-arw",
          "image/x-adobe-dng",
          "image/x-raw-nikon",
          "image/x-raw-sony");

  /** Decoded from the original only when there is no thumbnail to hash. */
  private static final MediaTypeSet DECODED_HERE =
      MediaTypeSet.of(
          "image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff");

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

  /**
   * The thumbnail, when the pipeline makes one before this step: a unit whose thumbnail failed or
   * was skipped then records "not run: input missing (thumbnail)" instead of a hash of the original
   * beside a failed thumbnail. Without a thumbnail step the original is hashed.
   */
  @Override
  public Set<String> inputKinds() {
    return Set.of(THUMBNAIL_KIND);
  }

  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    if (!requested.isEmpty()) {
      throw new InvalidToolParametersException(
          "the phash tool takes no parameters, got " + requested.canonicalJson());
    }
    return ToolParameters.empty();
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!ACCEPTED.accepts(input.mediaType())) {
      return ToolResult.skipped("the phash tool does not hash " + input.mediaType());
    }
    ToolOutput thumbnail = input.upstream().get(THUMBNAIL_KIND);
    if (thumbnail != null && thumbnail.content() != null) {
      return hash(thumbnail.content(), THUMBNAIL_KIND, true);
    }
    if (!DECODED_HERE.accepts(input.mediaType())) {
      return ToolResult.skipped(
          "cannot hash " + input.mediaType() + " without a thumbnail step before this one");
    }
    OriginalBytes original = OriginalBytes.read(input);
    if (original.failure() != null) {
      return original.failure();
    }
    return hash(original.bytes(), "original", false);
  }

  private static ToolResult hash(byte[] bytes, String source, boolean fromThumbnail) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      return ToolResult.failed("cannot decode image: " + OriginalBytes.describe(e));
    }
    if (image == null) {
      return ToolResult.failed("cannot decode image: no decoder recognises the content");
    }
    long hash = PerceptualHash.of(image);
    ToolOutput output =
        ToolOutput.inline(
            KIND,
            "{\"phash\":\""
                + PerceptualHash.toHex(hash)
                + "\",\"bits\":64,\"source\":\""
                + source
                + "\"}");
    return ToolResult.success(fromThumbnail ? output.derivedFrom(THUMBNAIL_KIND) : output);
  }
}
