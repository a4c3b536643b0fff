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

  /**
   * The archive roots holding a live location of an asset in the request's scope (before any
   * sampling): what a run's workers will have to open. Used to preflight a run before its row is
   * written.
   *
   * @throws InvalidRunRequestException when the scope's collection or query is not valid
   */
  java.util.List<String> rootsInScope(RunRequest request);
}
