package dev.darkroom.core.coverage;

import java.util.List;

/**
 * One cell row of the coverage map: a step and its counts over a scope.
 *
 * @param failedRuns the runs behind {@link CoverageCounts#failed()}, most failures first, at most a
 *     few
 */
public record StepCoverage(CoverageStep step, CoverageCounts counts, List<FailedRun> failedRuns) {

  public StepCoverage {
    failedRuns = List.copyOf(failedRuns);
  }
}
