package dev.darkroom.core.run;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Ends a run from what {@code run_unit} says, never from counters kept along the way, so a run
 * whose partitions were killed and restarted still counts every unit once.
 *
 * <ul>
 *   <li>cancelled: CANCELLED; committed results stay.
 *   <li>units still PENDING or RUNNING: a production run is FAILED, with a report naming the first
 *       of them and, as its failure reason, the error of the partition that gave up; a sandbox run
 *       is COMPLETED_WITH_FAILURES with the same report (its partial results are what a sandbox is
 *       for).
 *   <li>no unit succeeded (all failed, or failed and skipped), or every failed unit failed for one
 *       configuration reason (a root this worker lacks, a tool that cannot be run): FAILED, with
 *       that reason; a badge shared with a run that met three damaged files would hide a problem a
 *       person must fix.
 *   <li>otherwise COMPLETED_WITH_FAILURES when some units failed, else COMPLETED.
 * </ul>
 *
 * Idempotent: a run that already ended keeps its status and gets its current totals back. Skipped
 * units count as done in {@link RunOutcome#unitsDone()} (the tools do not apply to them; nothing is
 * wrong) and are kept apart in {@code run.units_skipped}.
 */
public class JdbcRunFinishing implements RunFinishing {

  static final int REPORTED_KEYS = 20;

  /**
   * Unit errors naming a configuration problem rather than a problem of one file: the same text on
   * every failed unit then means the run could not work as configured.
   */
  private static final List<String> CONFIGURATION_PHRASES =
      List.of(
          "is not configured",
          "cannot run program",
          "not found on the path",
          "command not found",
          "not installed",
          "permission denied",
          "read-only file system",
          "no space left on device");

  private final RunRepository runs;
  private final RunUnitRepository units;
  private final @Nullable PartitionRepository partitions;

  /** Without partitions: a run that gave up on a partition is FAILED without naming its error. */
  public JdbcRunFinishing(RunRepository runs, RunUnitRepository units) {
    this(runs, units, null);
  }

  public JdbcRunFinishing(
      RunRepository runs, RunUnitRepository units, @Nullable PartitionRepository partitions) {
    this.runs = runs;
    this.units = units;
    this.partitions = partitions;
  }

  @Override
  public RunOutcome finish(long runId, boolean cancelled) {
    Run run = runs.get(runId);
    // The recount, not the counters: the final totals rest on the units themselves, once per run.
    UnitCounts counts = units.recount(runId);
    if (run.status().terminal()) {
      return outcome(runId, run.status(), counts);
    }
    RunStatus status;
    String report = null;
    String reason = null;
    if (cancelled) {
      status = RunStatus.CANCELLED;
      if (counts.unfinished() > 0) {
        report = "cancelled with " + counts.unfinished() + " units not processed";
      }
    } else if (counts.unfinished() > 0) {
      status = run.policy().sandbox() ? RunStatus.COMPLETED_WITH_FAILURES : RunStatus.FAILED;
      report = incompleteReport(runId, counts);
      reason = status == RunStatus.FAILED ? partitionFailure(runId) : null;
    } else if (counts.failed() > 0) {
      report = counts.failed() + " of " + counts.total() + " units failed";
      reason = sharedFailure(runId, counts);
      status = reason == null ? RunStatus.COMPLETED_WITH_FAILURES : RunStatus.FAILED;
    } else {
      status = RunStatus.COMPLETED;
    }
    if (!runs.finish(
        runId,
        status,
        counts.total(),
        counts.done(),
        counts.failed(),
        counts.skipped(),
        report,
        reason)) {
      // Someone else ended it in the meantime: theirs is the answer.
      return outcome(runId, runs.get(runId).status(), counts);
    }
    return outcome(runId, status, counts);
  }

  /**
   * The reason a run whose units all finished must count as FAILED, or null: every unit failed, or
   * all failed units share one configuration error.
   */
  private @Nullable String sharedFailure(long runId, UnitCounts counts) {
    List<RunUnitRepository.FailureReason> reasons = units.failureReasons(runId, 2);
    if (reasons.isEmpty()) {
      return null;
    }
    RunUnitRepository.FailureReason top = reasons.get(0);
    boolean oneReason = reasons.size() == 1;
    if (counts.done() == 0) {
      String what =
          counts.skipped() == 0
              ? "every unit failed"
              : "no unit succeeded (" + counts.failed() + " failed, the rest skipped)";
      return oneReason
          ? what + ": " + top.error()
          : what
              + "; the most common reason ("
              + top.units()
              + " of "
              + counts.failed()
              + " units): "
              + top.error();
    }
    if (oneReason && isConfiguration(top.error())) {
      return top.units() + " of " + counts.total() + " units failed: " + top.error();
    }
    return null;
  }

  static boolean isConfiguration(String error) {
    String lower = error.toLowerCase(Locale.ROOT);
    return CONFIGURATION_PHRASES.stream().anyMatch(lower::contains);
  }

  /** The error of the first partition that gave up, or null when none recorded one. */
  private @Nullable String partitionFailure(long runId) {
    if (partitions == null) {
      return null;
    }
    return partitions.list(runId).stream()
        .filter(p -> p.status() == PartitionStatus.FAILED && p.lastError() != null)
        .findFirst()
        .map(p -> "partition " + p.partitionNo() + " failed: " + p.lastError())
        .orElse(null);
  }

  private String incompleteReport(long runId, UnitCounts counts) {
    List<String> keys = units.unfinishedKeys(runId, REPORTED_KEYS);
    return "incomplete: "
        + counts.unfinished()
        + " of "
        + counts.total()
        + " units were never processed ("
        + counts.done()
        + " done, "
        + counts.failed()
        + " failed, "
        + counts.skipped()
        + " skipped); unfinished units"
        + (counts.unfinished() > keys.size() ? " (first " + keys.size() + ")" : "")
        + ": "
        + String.join(", ", keys);
  }

  private static RunOutcome outcome(long runId, RunStatus status, UnitCounts counts) {
    return new RunOutcome(
        runId, status, counts.done() + counts.skipped(), counts.failed(), counts.unfinished());
  }
}
