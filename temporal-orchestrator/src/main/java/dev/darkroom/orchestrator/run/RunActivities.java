package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunOutcome;
import io.temporal.activity.ActivityInterface;

/**
 * The steps of {@link RunWorkflow}; each one delegates to a port that knows nothing of Temporal.
 */
@ActivityInterface
public interface RunActivities {

  /** Snapshots the run's units and cuts partitions; idempotent. */
  PlanResult plan(long runId);

  void markRunning(long runId);

  void markPaused(long runId);

  /**
   * Launches (or, on a retry or after a pause, restarts) the partition's job and heartbeats its
   * committed counts until it ends. Returns the final progress of a completed partition; a failed
   * one throws a retryable {@code ApplicationFailure}; a cancelled activity stops the job at a
   * chunk boundary before it reports the cancellation.
   */
  PartitionProgress executePartition(PartitionLaunch launch);

  /** Totals and final status; idempotent. */
  RunOutcome finish(long runId, boolean cancelled);
}
