package dev.darkroom.web.runs;

import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.UnitCounts;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a run: its Batch job's state and its units.
 *
 * @param worker where it runs or ran: {@code pid@host thread t} in the server, {@code pid@host} of
 *     a worker JVM, the pod's name
 * @param logUrl its worker's log, when the launcher kept one (the process launcher does)
 */
public record PartitionView(
    int partitionNo,
    PartitionStatus status,
    @Nullable String launcher,
    @Nullable String worker,
    UnitCounts counts,
    double progress,
    @Nullable String lastError,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    List<Long> jobExecutionIds,
    @Nullable String logUrl) {

  /** Share of the partition's units done, failed and skipped, in percent, for the bars. */
  public double donePercent() {
    return percent(counts.done());
  }

  public double failedPercent() {
    return percent(counts.failed());
  }

  public double skippedPercent() {
    return percent(counts.skipped());
  }

  private double percent(long part) {
    return counts.total() == 0 ? 0 : 100.0 * part / counts.total();
  }
}
