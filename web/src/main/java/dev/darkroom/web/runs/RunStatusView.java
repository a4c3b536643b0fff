package dev.darkroom.web.runs;

import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.UnitCounts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run's status as {@code GET /api/runs/{id}} answers it and the run page shows it: the row, unit
 * counts from the counters kept with {@code run_unit} (ADR 0016; they move while it runs),
 * per-partition progress, throughput and an estimate of the time left.
 *
 * @param active not ended yet (PENDING, PLANNING, RUNNING, PAUSED)
 * @param progress finished units / all units, 0 to 1
 * @param etaSeconds time left at the current pace; null when not running or no pace yet
 * @param temporalUrl the run's workflow in the Temporal Web UI, when one is configured
 * @param error the completeness report of an ended run ("3 of 116 units failed", the units never
 *     processed), or why it could not start
 * @param failureReason for a FAILED run, the one reason a person must fix: the error of a partition
 *     that gave up, or the reason every failed unit shares; null otherwise
 * @param partitions at most {@link #PARTITIONS_SHOWN}: the running and stopping partitions, then
 *     the failed ones, then the others in partition order; a run of 500 partitions lists a page,
 *     not 500 rows
 * @param partitionSummary every partition counted by status, with their units
 * @param partitionsTotal how many partitions the run has
 * @param morePartitions the API page of the partitions not listed in {@code partitions}; null when
 *     every partition is listed
 */
public record RunStatusView(
    long id,
    String pipeline,
    String pipelineVersion,
    RunStatus status,
    boolean active,
    PolicyView policy,
    ScopeView scope,
    Map<String, Object> parameters,
    Map<String, String> toolVersions,
    String requestedBy,
    @Nullable String launcher,
    @Nullable String workflowId,
    @Nullable String temporalUrl,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Long durationSeconds,
    @Nullable String error,
    @Nullable String failureReason,
    UnitCounts counts,
    double progress,
    ThroughputView throughput,
    @Nullable Long etaSeconds,
    List<PartitionView> partitions,
    List<PartitionStateView> partitionSummary,
    long partitionsTotal,
    @Nullable String morePartitions,
    RunLinks links,
    boolean force,
    long unitsCurrent) {

  /** Partitions listed in a status and on the run page; the rest are paged. */
  public static final int PARTITIONS_SHOWN = 20;

  public double donePercent() {
    return percent(counts.done());
  }

  public double failedPercent() {
    return percent(counts.failed());
  }

  public double skippedPercent() {
    return percent(counts.skipped());
  }

  public long finished() {
    return counts.done() + counts.failed() + counts.skipped();
  }

  private double percent(long part) {
    return counts.total() == 0 ? 0 : 100.0 * part / counts.total();
  }
}
