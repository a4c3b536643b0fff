package dev.darkroom.core.coverage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The coverage of one scope, per pinned step, with how it was obtained.
 *
 * @param steps one row per pinned step, by artifact kind
 * @param basis whether the counts come from maintained counters or were counted when asked
 * @param readAt when the server read them: every count is exact as of this instant, except for
 *     {@link CoverageBasis#KEPT}, whose counts are exact as of {@code membership.currentAsOf}
 * @param membership for a dynamic collection that keeps its members: how current they are; null
 *     otherwise
 */
public record CoverageMap(
    List<StepCoverage> steps,
    CoverageBasis basis,
    Instant readAt,
    @Nullable KeptMembership membership) {

  public CoverageMap {
    steps = List.copyOf(steps);
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(readAt, "readAt");
  }

  public CoverageMap(List<StepCoverage> steps, CoverageBasis basis, Instant readAt) {
    this(steps, basis, readAt, null);
  }

  /** This map with how current a kept membership is. */
  public CoverageMap with(@Nullable KeptMembership kept) {
    return new CoverageMap(steps, basis, readAt, kept);
  }
}
