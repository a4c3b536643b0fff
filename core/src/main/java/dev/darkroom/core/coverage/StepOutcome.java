package dev.darkroom.core.coverage;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one production attempt left for one asset and step: an artifact made with {@code
 * toolVersion} and {@code paramsHash}, or a failure with its reason.
 *
 * @param error the failure's reason; null when the step produced its output
 */
public record StepOutcome(
    long assetId, String toolId, String toolVersion, String paramsHash, @Nullable String error) {

  public StepOutcome {
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(paramsHash, "paramsHash");
  }

  public static StepOutcome produced(
      long assetId, String toolId, String toolVersion, String paramsHash) {
    return new StepOutcome(assetId, toolId, toolVersion, paramsHash, null);
  }

  public static StepOutcome failed(
      long assetId, String toolId, String toolVersion, String paramsHash, String error) {
    return new StepOutcome(
        assetId, toolId, toolVersion, paramsHash, Objects.requireNonNull(error, "error"));
  }

  public boolean failed() {
    return error != null;
  }
}
