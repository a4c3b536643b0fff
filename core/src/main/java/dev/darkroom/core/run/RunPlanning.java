package dev.darkroom.core.run;

/**
 * Plans a run: snapshots its collection (sampled under a sandbox policy) into {@code run_unit},
 * cuts partitions and writes {@code run_partition}. Idempotent: planning an already planned run
 * returns the existing plan, so a retried activity changes nothing.
 */
public interface RunPlanning {

  /**
   * Plans the run as {@link #plan(long, int)} with one slot: partitions are cut by size only.
   *
   * @throws UnknownRunException if no run has this id
   */
  default PlanResult plan(long runId) {
    return plan(runId, 1);
  }

  /**
   * @param slots partitions of the run that may execute at once: a run with enough units is cut
   *     into at least this many partitions, so a small run keeps every slot busy
   * @throws UnknownRunException if no run has this id
   */
  PlanResult plan(long runId, int slots);
}
