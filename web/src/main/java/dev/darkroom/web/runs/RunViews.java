package dev.darkroom.web.runs;

import dev.darkroom.core.coverage.RunStepRepository;
import dev.darkroom.core.run.LocatedFailedUnit;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStateCount;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.web.api.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The runs as the API and the dashboard read them, from PostgreSQL only: a run's status with its
 * unit counts (the counters kept with {@code run_unit} in each chunk's transaction, so they move
 * while it runs and cost O(partitions), ADR 0016), per-partition progress, throughput and ETA;
 * pages of runs and of failed units; the throughput chart. Never asks Temporal, so it answers for
 * runs executed by other processes and while Temporal is down.
 */
@Service
class RunViews {

  static final Duration PACE_WINDOW = Duration.ofMinutes(1);

  /** Partitions that are neither working nor failed: listed after those, when there is room. */
  private static final Set<PartitionStatus> QUIET =
      EnumSet.of(
          PartitionStatus.PENDING,
          PartitionStatus.COMPLETED,
          PartitionStatus.STOPPED,
          PartitionStatus.CANCELLED);

  private final RunRepository runs;
  private final RunUnitRepository units;
  private final PartitionRepository partitions;
  private final TemporalLinks temporal;
  private final RunStepRepository runSteps;
  private final Clock clock;

  @Autowired
  RunViews(
      RunRepository runs,
      RunUnitRepository units,
      PartitionRepository partitions,
      TemporalLinks temporal,
      RunStepRepository runSteps) {
    this(runs, units, partitions, temporal, runSteps, Clock.systemUTC());
  }

  RunViews(
      RunRepository runs,
      RunUnitRepository units,
      PartitionRepository partitions,
      TemporalLinks temporal,
      RunStepRepository runSteps,
      Clock clock) {
    this.runs = runs;
    this.units = units;
    this.partitions = partitions;
    this.temporal = temporal;
    this.runSteps = runSteps;
    this.clock = clock;
  }

  /**
   * @throws UnknownRunException if there is no such run
   */
  RunStatusView status(long runId) {
    return status(runs.get(runId));
  }

  private RunStatusView status(Run run) {
    long runId = run.id();
    Instant now = clock.instant();
    // Every unit has a partition, so the run's counts are the sum of its partitions' counters.
    UnitCounts counts = units.counts(runId);
    List<PartitionStateView> summary = new ArrayList<>();
    long partitionsTotal = 0;
    for (PartitionStateCount state : partitions.countByStatus(runId).values()) {
      summary.add(new PartitionStateView(state.status(), state.partitions(), state.units()));
      partitionsTotal += state.partitions();
    }
    // Only the partitions that matter, so the page and its 2 s refresh cost the same at 5 or 500
    // partitions: the working and failed ones, then the first of the others.
    List<RunPartition> shown =
        new ArrayList<>(partitions.notable(runId, RunStatusView.PARTITIONS_SHOWN));
    int room = RunStatusView.PARTITIONS_SHOWN - shown.size();
    if (room > 0) {
      shown.addAll(partitions.page(runId, QUIET, -1, room));
    }
    List<PartitionView> partitionViews = partitionViews(runId, shown);
    String morePartitions =
        partitionViews.size() < partitionsTotal ? RunLinks.of(runId).partitions() : null;
    ThroughputView throughput = throughput(run, counts, now);
    RunStepRepository.IncrementalSummary incremental = runSteps.summary(runId);
    return new RunStatusView(
        run.id(),
        run.pipelineId(),
        run.pipelineVersion(),
        run.status(),
        !run.status().terminal(),
        PolicyView.of(run.policy()),
        ScopeView.of(run),
        run.parameters().values(),
        run.toolVersions(),
        run.requestedBy(),
        run.launcher(),
        run.workflowId(),
        temporal.workflow(run.workflowId()).orElse(null),
        run.createdAt(),
        run.startedAt(),
        run.finishedAt(),
        durationSeconds(run, now),
        run.error(),
        run.failureReason(),
        counts,
        progress(counts),
        throughput,
        eta(run, counts, throughput),
        List.copyOf(partitionViews),
        List.copyOf(summary),
        partitionsTotal,
        morePartitions,
        RunLinks.of(run.id()),
        incremental.force(),
        incremental.unitsCurrent());
  }

  /**
   * A page of a run's partitions in partition order.
   *
   * @param statuses only these; empty for every status
   * @param after the {@code next} cursor of the previous page (a partition number); null for the
   *     first
   * @throws UnknownRunException if there is no such run
   */
  Page<PartitionView> partitions(
      long runId, Collection<PartitionStatus> statuses, @Nullable Integer after, int limit) {
    runs.get(runId);
    List<RunPartition> page =
        partitions.page(runId, statuses, after == null ? -1 : after, limit + 1);
    return Page.of(
        partitionViews(runId, page), limit, view -> Integer.toString(view.partitionNo()));
  }

  private List<PartitionView> partitionViews(long runId, List<RunPartition> shown) {
    Map<Integer, UnitCounts> byPartition =
        units.countsOfPartitions(runId, shown.stream().map(RunPartition::partitionNo).toList());
    List<PartitionView> views = new ArrayList<>();
    for (RunPartition partition : shown) {
      UnitCounts partitionCounts =
          byPartition.getOrDefault(
              partition.partitionNo(), new UnitCounts(partition.unitsTotal(), 0, 0, 0, 0, 0));
      views.add(
          new PartitionView(
              partition.partitionNo(),
              partition.status(),
              partition.launcher(),
              partition.worker(),
              partitionCounts,
              progress(partitionCounts),
              partition.lastError(),
              partition.startedAt(),
              partition.finishedAt(),
              partition.jobExecutionIds(),
              logUrl(runId, partition)));
    }
    return views;
  }

  /** The worker log of a partition the process launcher ran ({@link PartitionLogController}). */
  private static @Nullable String logUrl(long runId, RunPartition partition) {
    if (!"process".equals(partition.launcher())) {
      return null;
    }
    return "/api/runs/" + runId + "/partitions/" + partition.partitionNo() + "/log";
  }

  /**
   * Runs newest first, optionally of one status and one pipeline.
   *
   * @param before the {@code next} cursor of the previous page (a run id); null for the first
   */
  Page<RunSummary> list(
      @Nullable RunStatus status, @Nullable String pipeline, @Nullable Long before, int limit) {
    List<Run> page = runs.page(status, pipeline, before, limit + 1);
    List<Long> active = page.stream().filter(r -> !r.status().terminal()).map(Run::id).toList();
    Map<Long, UnitCounts> live = units.countsByRun(active);
    Instant now = clock.instant();
    List<RunSummary> summaries = new ArrayList<>();
    for (Run run : page) {
      UnitCounts counts =
          run.status().terminal()
              ? new UnitCounts(
                  run.unitsTotal(),
                  Math.max(
                      0,
                      run.unitsTotal() - run.unitsDone() - run.unitsFailed() - run.unitsSkipped()),
                  0,
                  run.unitsDone(),
                  run.unitsFailed(),
                  run.unitsSkipped())
              : live.getOrDefault(run.id(), new UnitCounts(run.unitsTotal(), 0, 0, 0, 0, 0));
      summaries.add(
          new RunSummary(
              run.id(),
              run.pipelineId(),
              run.status(),
              !run.status().terminal(),
              PolicyView.of(run.policy()),
              ScopeView.of(run),
              run.requestedBy(),
              run.createdAt(),
              run.startedAt(),
              run.finishedAt(),
              durationSeconds(run, now),
              counts,
              progress(counts),
              "/api/runs/" + run.id()));
    }
    return Page.of(summaries, limit, summary -> Long.toString(summary.id()));
  }

  /**
   * A run's failed units in key order, with reasons and paths.
   *
   * @param after the {@code next} cursor of the previous page (a unit key); null for the first
   * @throws UnknownRunException if there is no such run
   */
  Page<FailureView> failures(long runId, @Nullable String after, int limit) {
    runs.get(runId);
    return failuresOf(runId, after, limit);
  }

  private Page<FailureView> failuresOf(long runId, @Nullable String after, int limit) {
    List<FailureView> failures = new ArrayList<>();
    for (LocatedFailedUnit failed :
        units.failedWithLocation(runId, after == null ? "" : after, limit + 1)) {
      failures.add(
          new FailureView(
              failed.unit().unitKey(),
              failed.unit().assetId(),
              failed.unit().error(),
              failed.unit().attempts(),
              failed.unit().updatedAt(),
              failed.root() == null ? null : failed.root() + "/" + failed.relPath(),
              "/assets/" + failed.unit().assetId()));
    }
    return Page.of(failures, limit, FailureView::unitKey);
  }

  /** Finished units per second over the run's time so far, for the run page. */
  ThroughputChart chart(long runId) {
    return chart(runs.get(runId));
  }

  private ThroughputChart chart(Run run) {
    long runId = run.id();
    if (run.startedAt() == null) {
      return ThroughputChart.empty();
    }
    Instant origin = run.startedAt().truncatedTo(ChronoUnit.SECONDS);
    Instant end = run.finishedAt() != null ? run.finishedAt() : clock.instant();
    Duration bucket = ThroughputChart.bucketFor(Duration.between(origin, end));
    return ThroughputChart.of(units.finishedPerBucket(runId, origin, bucket), origin, end, bucket);
  }

  /**
   * The run page at this moment: status, chart and the first failed units.
   *
   * @throws UnknownRunException if there is no such run
   */
  RunPageModel page(long runId) {
    Run run = runs.get(runId);
    return new RunPageModel(
        status(run), chart(run), failuresOf(runId, null, RunPageModel.FAILURES_SHOWN));
  }

  /** Whether the run exists and has not ended; false for an unknown run. */
  boolean active(long runId) {
    return runs.find(runId).map(run -> !run.status().terminal()).orElse(false);
  }

  private ThroughputView throughput(Run run, UnitCounts counts, Instant now) {
    if (run.startedAt() == null) {
      return new ThroughputView(0, 0);
    }
    Instant end = run.finishedAt() != null ? run.finishedAt() : now;
    double elapsed = Math.max(1, Duration.between(run.startedAt(), end).toMillis() / 1000.0);
    double finished = counts.done() + counts.failed() + counts.skipped();
    double window = Math.min(PACE_WINDOW.toSeconds(), elapsed);
    long recent = units.finishedSince(run.id(), end.minusMillis((long) (window * 1000)));
    return new ThroughputView(rate(recent / window), rate(finished / elapsed));
  }

  private static @Nullable Long eta(Run run, UnitCounts counts, ThroughputView throughput) {
    if (run.status() != RunStatus.RUNNING || counts.unfinished() == 0) {
      return null;
    }
    double pace = throughput.lastMinute() > 0 ? throughput.lastMinute() : throughput.overall();
    return pace <= 0 ? null : (long) Math.ceil(counts.unfinished() / pace);
  }

  private static @Nullable Long durationSeconds(Run run, Instant now) {
    if (run.startedAt() == null) {
      return null;
    }
    Instant end = run.finishedAt() != null ? run.finishedAt() : now;
    return Math.max(0, Duration.between(run.startedAt(), end).toSeconds());
  }

  private static double progress(UnitCounts counts) {
    return counts.total() == 0
        ? 0
        : (double) (counts.done() + counts.failed() + counts.skipped()) / counts.total();
  }

  private static double rate(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
