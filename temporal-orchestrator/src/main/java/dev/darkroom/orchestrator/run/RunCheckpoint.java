package dev.darkroom.orchestrator.run;

import java.util.List;
import java.util.Map;

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
 * @param failures partitions that failed for a reason other than a database outage and will be
 *     launched again, with how often they failed so far
 */
public record RunCheckpoint(
    int partitions,
    int nextPartition,
    List<Integer> relaunch,
    int finished,
    int failed,
    Map<Integer, Integer> failures) {

  public RunCheckpoint {
    relaunch = List.copyOf(relaunch);
    // Checkpoints written before the field existed deserialize it as null.
    @SuppressWarnings("ConstantValue")
    boolean absent = failures == null;
    failures = absent ? Map.of() : Map.copyOf(failures);
  }
}
