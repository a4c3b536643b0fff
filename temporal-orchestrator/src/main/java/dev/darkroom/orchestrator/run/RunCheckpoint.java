package dev.darkroom.orchestrator.run;

import java.util.List;

/**
 * Where a run's workflow stood when it continued as new: the partition count from planning, the
 * next partition never started, partitions stopped by a pause that must be launched again, and the
 * totals so far. A paused run never continues as new (it waits for resume first), so no pause is
 * carried over. Counts and partition numbers only; at most {@code maxConcurrentPartitions} entries
 * in {@code relaunch}.
 *
 * @param partitions partitions the run was planned into, numbered {@code 0 .. partitions-1}
 * @param nextPartition the lowest partition number never started
 * @param relaunch partitions that were stopped by a pause and have not run to the end
 * @param finished partitions that completed
 * @param failed partitions that failed after their retries
 */
public record RunCheckpoint(
    int partitions, int nextPartition, List<Integer> relaunch, int finished, int failed) {

  public RunCheckpoint {
    relaunch = List.copyOf(relaunch);
  }
}
