package dev.darkroom.core.run;

import java.util.function.BooleanSupplier;

/**
 * Runs the aggregate steps of a pipeline (steps over a whole run, such as {@code near-duplicates})
 * after its per-asset partitions have ended. Each step keeps its progress in PostgreSQL, so running
 * it again after a crash or a failure goes on from its last commit.
 */
public interface AggregateSteps {

  /**
   * Runs one aggregate step of a run to its end on the calling thread.
   *
   * @param stopRequested asked between commits; true makes the step stop there (it can be run
   *     again)
   * @return what the step did, for heartbeats and logs
   * @throws AggregateStepException when the step failed; running it again may succeed
   * @throws IllegalArgumentException for a step this build does not know
   */
  AggregateStepOutcome execute(long runId, String step, BooleanSupplier stopRequested);

  /** A failure of an aggregate step, with the reason a user can act on. */
  class AggregateStepException extends RuntimeException {
    public AggregateStepException(String message) {
      super(message);
    }
  }
}
