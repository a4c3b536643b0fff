package dev.darkroom.web.runs;

import dev.darkroom.core.run.RunPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A run's policy as the API shows it.
 *
 * @param artifactTtl ISO-8601, e.g. {@code PT168H}; null in production
 */
public record PolicyView(
    RunPolicy.Kind kind,
    @Nullable Integer sampleCount,
    @Nullable Double sampleFraction,
    @Nullable Long seed,
    @Nullable Integer thumbnailSize,
    @Nullable String artifactTtl) {

  static PolicyView of(RunPolicy policy) {
    return new PolicyView(
        policy.kind(),
        policy.sampleCount(),
        policy.sampleFraction(),
        policy.sandbox() ? policy.seed() : null,
        policy.thumbnailSize(),
        policy.artifactTtl() == null ? null : policy.artifactTtl().toString());
  }

  /** One line for the dashboard, e.g. "SANDBOX 100 (seed 42)". */
  public String summary() {
    if (kind == RunPolicy.Kind.PRODUCTION) {
      return "PRODUCTION";
    }
    String sample =
        sampleCount != null ? sampleCount.toString() : Math.round(sampleFraction * 100) + "%";
    return "SANDBOX " + sample + " (seed " + seed + ")";
  }
}
