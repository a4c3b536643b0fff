package dev.darkroom.core.coverage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The coverage of one scope, per pinned step, with how it was obtained.
 *
 * @param steps one row per pinned step, by artifact kind
 * @param basis whether the counts come from maintained counters or were counted when asked
 * @param readAt when the server read them: every count is exact as of this instant
 */
public record CoverageMap(List<StepCoverage> steps, CoverageBasis basis, Instant readAt) {

  public CoverageMap {
    steps = List.copyOf(steps);
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(readAt, "readAt");
  }
}
