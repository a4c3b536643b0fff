package dev.darkroom.core.run;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code run_partition} row: one Spring Batch job instance over a slice of a run's units.
 *
 * @param launcher the launcher that last launched it, null before the first launch
 * @param jobExecutionIds every Batch execution of its job instance, oldest first (restarts add one)
 * @param worker the process that runs or ran the latest execution, e.g. {@code pid@host}
 * @param lastError why the latest execution failed or stopped
 */
public record RunPartition(
    long runId,
    int partitionNo,
    @Nullable String launcher,
    PartitionStatus status,
    long unitsTotal,
    @Nullable Long jobInstanceId,
    List<Long> jobExecutionIds,
    @Nullable String worker,
    @Nullable String lastError,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt) {

  public RunPartition {
    jobExecutionIds = List.copyOf(jobExecutionIds);
  }
}
