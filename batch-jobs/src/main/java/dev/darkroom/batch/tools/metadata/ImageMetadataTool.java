package dev.darkroom.batch.tools.metadata;

import com.drew.imaging.ImageProcessingException;
import dev.darkroom.batch.tools.OriginalBytes;
import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads an image's capture time, camera, lens, GPS position, orientation and size from EXIF, XMP
 * and the format's header with metadata-extractor and outputs them as an inline JSON artifact
 * ({@link ImageMetadata#toJson()}).
 *
 * <p>Damaged metadata in a readable image is still a success, its problems listed under {@code
 * warnings}. A file whose format cannot be recognised or parsed at all fails. Non-images are
 * skipped: having no EXIF is not a fault of a text file.
 */
public final class ImageMetadataTool implements Tool {

  public static final String ID = "image-metadata";

  /**
   * 2: capture time from XMP and EXIF CreateDate too, named in captureTimeSource; sub-seconds;
   * seconds always written; orientation, camera, lens and GPS from XMP when EXIF has none; HEIF and
   * TIFF/RAW dimensions. 3: the file's modification time as the capture time of last resort, named
   * {@code File:FileModifyDate} in captureTimeSource and with a warning. 4: after XMP, the
   * QuickTime dates of ISO base media files (HEIF sequences), Olympus and Reconyx maker-note dates
   * and the GPS clock, before EXIF ModifyDate (ADR 0035).
   */
  public static final String VERSION = "4";

  public static final String KIND = "image-metadata";

  static final MediaTypeSet ACCEPTED = MediaTypeSet.of("image/*");

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

  /** The tool has no parameters; any given is an error. */
  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    requested.requireOnly(List.of(), ID);
    return ToolParameters.empty();
  }

  /** Capture time, camera, lens, GPS, orientation and size go into the asset's columns. */
  @Override
  public Optional<AssetMetadata> catalogProjection(ToolOutput output) {
    String json = output.inlineJson();
    if (!output.kind().equals(KIND) || json == null) {
      return Optional.empty();
    }
    if (output.catalog() != null) {
      return Optional.of(output.catalog()); // made by process() from the same metadata
    }
    return Optional.of(ImageMetadata.fromJson(json).toAssetMetadata());
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!ACCEPTED.accepts(input.mediaType())) {
      return ToolResult.skipped(input.mediaType() + " is not an image; there is no EXIF to read");
    }
    resolveParameters(input.parameters());
    OriginalBytes original = OriginalBytes.read(input);
    if (original.failure() != null) {
      return original.failure();
    }
    ImageMetadata metadata;
    try {
      metadata =
          ImageMetadataExtractor.extract(
              original.bytes(), input.original().lastModified().orElse(null));
    } catch (ImageProcessingException | IOException | RuntimeException e) {
      // IOException cannot come from bytes in memory but is declared; RuntimeException covers
      // parser bugs on hostile input, which must fail this file, not the chunk.
      return ToolResult.failed("cannot read image metadata: " + OriginalBytes.describe(e));
    }
    return ToolResult.success(
        ToolOutput.inline(KIND, metadata.toJson(), metadata.toAssetMetadata()));
  }
}
