package dev.darkroom.core.run;

import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

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

  /**
   * Plans the run with the slots of the launcher the run executes on: a run on the process launcher
   * is cut for its worker JVMs, one on the in-process launcher for its threads.
   *
   * @param slotsOfLauncher partitions that may execute at once on a launcher, by the name the run
   *     records (null: the server's default launcher)
   * @throws UnknownRunException if no run has this id
   */
  default PlanResult plan(long runId, ToIntFunction<@Nullable String> slotsOfLauncher) {
    return plan(runId, slotsOfLauncher.applyAsInt(null));
  }
}
