package dev.darkroom.batch.tools.thumbnail;

import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolParameters;
import java.util.List;
import java.util.Map;

/**
 * The thumbnail tool's parameters, typed.
 *
 * @param maxSize longest side of the thumbnail in pixels, 16..4096; smaller images keep their size
 * @param quality JPEG quality, greater than 0 and at most 1
 */
public record ThumbnailSettings(int maxSize, double quality) {

  public static final String MAX_SIZE = "maxSize";
  public static final String QUALITY = "quality";

  /** Production defaults; the sandbox policy asks for {@code maxSize: 256}. */
  public static final ThumbnailSettings DEFAULTS = new ThumbnailSettings(512, 0.85);

  public ThumbnailSettings {
    if (maxSize < 16 || maxSize > 4096) {
      throw new InvalidToolParametersException(
          "thumbnail maxSize must be between 16 and 4096 pixels, was " + maxSize);
    }
    if (!(quality > 0 && quality <= 1)) {
      throw new InvalidToolParametersException(
          "thumbnail quality must be above 0 and at most 1, was " + quality);
    }
  }

  /**
   * Reads settings from parameters, defaults for absent names.
   *
   * @throws InvalidToolParametersException for unknown names or bad values
   */
  public static ThumbnailSettings from(ToolParameters parameters) {
    parameters.requireOnly(List.of(MAX_SIZE, QUALITY), ThumbnailTool.ID);
    return new ThumbnailSettings(
        parameters.intValue(MAX_SIZE, DEFAULTS.maxSize),
        parameters.doubleValue(QUALITY, DEFAULTS.quality));
  }

  /** Every parameter, defaults included: what lineage records. */
  public ToolParameters toParameters() {
    return ToolParameters.of(Map.of(MAX_SIZE, maxSize, QUALITY, quality));
  }
}
