package dev.darkroom.batch.duplicates;

import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolParameters;
import java.util.List;
import java.util.Map;

/**
 * The {@code near-duplicates} step's parameters, from the run's {@code {"near-duplicates":
 * {"threshold": 8}}}.
 *
 * @param threshold two hashes at most this many bits apart (of 64) are near-duplicates, 0..16; 8
 *     keeps resized, re-encoded, slightly cropped or brightened copies together and unrelated
 *     pictures (about 32 bits apart) apart
 */
public record NearDuplicatesSettings(int threshold) {

  public static final String THRESHOLD = "threshold";
  public static final NearDuplicatesSettings DEFAULTS = new NearDuplicatesSettings(8);

  public NearDuplicatesSettings {
    if (threshold < 0 || threshold > 16) {
      throw new InvalidToolParametersException(
          "near-duplicates threshold must be between 0 and 16 bits, was " + threshold);
    }
  }

  /**
   * @throws InvalidToolParametersException for unknown names or a bad threshold
   */
  public static NearDuplicatesSettings from(ToolParameters parameters) {
    parameters.requireOnly(List.of(THRESHOLD), NearDuplicatesService.STEP);
    return new NearDuplicatesSettings(parameters.intValue(THRESHOLD, DEFAULTS.threshold));
  }

  public ToolParameters toParameters() {
    return ToolParameters.of(Map.of(THRESHOLD, threshold));
  }
}
