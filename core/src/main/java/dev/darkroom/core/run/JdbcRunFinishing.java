package dev.darkroom.core.run;

import java.util.List;

/**
 * Ends a run from what {@code run_unit} says, never from counters kept along the way, so a run
 * whose partitions were killed and restarted still counts every unit once.
 *
 * <ul>
 *   <li>cancelled: CANCELLED; committed results stay.
 *   <li>units still PENDING or RUNNING: a production run is FAILED, with a report naming the first
 *       of them; a sandbox run is COMPLETED_WITH_FAILURES with the same report (its partial results
 *       are what a sandbox is for).
 *   <li>otherwise COMPLETED_WITH_FAILURES when some units failed, else COMPLETED.
 * </ul>
 *
 * Idempotent: a run that already ended keeps its status and gets its current totals back. Skipped
 * units count as done in {@link RunOutcome#unitsDone()} (the tools do not apply to them; nothing is
 * wrong) and are kept apart in {@code run.units_skipped}.
 */
public class JdbcRunFinishing implements RunFinishing {

  static final int REPORTED_KEYS = 20;

  private final RunRepository runs;
  private final RunUnitRepository units;

  public JdbcRunFinishing(RunRepository runs, RunUnitRepository units) {
    this.runs = runs;
    this.units = units;
  }

  @Override
  public RunOutcome finish(long runId, boolean cancelled) {
    Run run = runs.get(runId);
    UnitCounts counts = units.counts(runId);
    if (run.status().terminal()) {
      return outcome(runId, run.status(), counts);
    }
    RunStatus status;
    String report = null;
    if (cancelled) {
      status = RunStatus.CANCELLED;
      if (counts.unfinished() > 0) {
        report = "cancelled with " + counts.unfinished() + " units not processed";
      }
    } else if (counts.unfinished() > 0) {
      status = run.policy().sandbox() ? RunStatus.COMPLETED_WITH_FAILURES : RunStatus.FAILED;
      report = incompleteReport(runId, counts);
    } else if (counts.failed() > 0) {
      status = RunStatus.COMPLETED_WITH_FAILURES;
      report = counts.failed() + " of " + counts.total() + " units failed";
    } else {
      status = RunStatus.COMPLETED;
    }
    if (!runs.finish(
        runId, status, counts.total(), counts.done(), counts.failed(), counts.skipped(), report)) {
      // Someone else ended it in the meantime: theirs is the answer.
      return outcome(runId, runs.get(runId).status(), counts);
    }
    return outcome(runId, status, counts);
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
