package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.AggregateStepOutcome;
import io.temporal.activity.ActivityInterface;

/** The aggregate steps of {@link RunWorkflow}, run once the run's partitions have all ended. */
@ActivityInterface
public interface AggregateActivities {

  /**
   * Runs one aggregate step of the run (a Spring Batch job in this worker) and heartbeats until it
   * ends. A retry goes on from the step's last commit; a cancelled activity stops the step at its
   * next commit before it reports the cancellation.
   */
  AggregateStepOutcome executeAggregate(long runId, String step);
}
