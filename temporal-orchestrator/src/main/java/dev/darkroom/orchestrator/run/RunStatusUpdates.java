package dev.darkroom.orchestrator.run;

/**
 * The run status changes the workflow makes while a run executes, one method per transition, so the
 * run repository can implement them with one guarded {@code UPDATE} each. Planning sets its own
 * status, and {@link dev.darkroom.core.run.RunFinishing} sets the final one. Each method is
 * idempotent: a retried activity may call it again for a run already in the target status.
 */
public interface RunStatusUpdates {

  /**
   * The run's partitions are executing: after planning, and again after a resume.
   *
   * @throws dev.darkroom.core.run.UnknownRunException if no run has this id
   */
  void markRunning(long runId);

  /**
   * The run is paused: no partition is executing and none will start until it is resumed.
   *
   * @throws dev.darkroom.core.run.UnknownRunException if no run has this id
   */
  void markPaused(long runId);
}
