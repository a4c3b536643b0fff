package dev.darkroom.core.run;

/**
 * Plans a run: snapshots its collection (sampled under a sandbox policy) into {@code run_unit},
 * cuts partitions and writes {@code run_partition}. Idempotent: planning an already planned run
 * returns the existing plan, so a retried activity changes nothing.
 */
public interface RunPlanning {

  /**
   * @throws UnknownRunException if no run has this id
   */
  PlanResult plan(long runId);
}
