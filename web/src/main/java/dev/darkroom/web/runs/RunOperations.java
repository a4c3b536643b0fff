package dev.darkroom.web.runs;

import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.orchestrator.launcher.WorkerLaunchers;
import dev.darkroom.orchestrator.run.RunService;
import io.temporal.client.WorkflowNotFoundException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What the API and the dashboard may do to runs, through {@link RunService}: start, cancel, pause,
 * resume, rerun the failed units. Each steering call first checks the run's state in PostgreSQL and
 * refuses, with a {@link RunStateConflictException} that says why, what the state does not allow; a
 * workflow that ended meanwhile is refused the same way.
 */
@Service
class RunOperations {

  private final RunService runs;
  private final RunUnitRepository units;
  private final WorkerLaunchers launchers;

  RunOperations(RunService runs, RunUnitRepository units, WorkerLaunchers launchers) {
    this.runs = runs;
    this.units = units;
    this.launchers = launchers;
  }

  /** The launchers a run may ask for on this server, and the default. */
  LauncherChoices launchers() {
    return new LauncherChoices(launchers.defaultName(), List.copyOf(launchers.names()));
  }

  /**
   * @return the new run's id
   * @throws InvalidRunRequestException for an unknown pipeline or collection, bad parameters
   * @throws dev.darkroom.orchestrator.run.RunStartFailedException when Temporal refused
   */
  long start(RunRequest request, String requestedBy) {
    return start(request, requestedBy, null);
  }

  /**
   * @param launcher where its partitions run; null for {@code darkroom.runs.default-launcher}
   * @throws dev.darkroom.core.run.UnknownLauncherException if this server offers no such launcher
   */
  long start(RunRequest request, String requestedBy, @Nullable String launcher) {
    return runs.startRun(request, requestedBy, launcher);
  }

  void cancel(long runId) {
    Run run = runs.get(runId);
    if (run.status().terminal()) {
      throw new RunStateConflictException(
          "run " + runId + " has already ended (" + run.status() + "); there is nothing to cancel");
    }
    try {
      runs.cancel(runId);
    } catch (WorkflowNotFoundException e) {
      throw ended(runId, "cancelled");
    }
  }

  void pause(long runId) {
    Run run = runs.get(runId);
    if (run.status().terminal()) {
      throw ended(run, "paused");
    }
    if (run.status() == RunStatus.PAUSED) {
      throw new RunStateConflictException("run " + runId + " is already paused");
    }
    try {
      runs.pause(runId);
    } catch (WorkflowNotFoundException | InvalidRunRequestException e) {
      throw ended(runId, "paused");
    }
  }

  void resume(long runId) {
    Run run = runs.get(runId);
    if (run.status().terminal()) {
      throw ended(run, "resumed");
    }
    if (run.status() != RunStatus.PAUSED && !pauseRequested(runId)) {
      throw new RunStateConflictException(
          "run " + runId + " is " + run.status() + " and not paused; there is nothing to resume");
    }
    try {
      runs.resume(runId);
    } catch (WorkflowNotFoundException | InvalidRunRequestException e) {
      throw ended(runId, "resumed");
    }
  }

  /**
   * @return the new run's id
   */
  long rerunFailed(long runId, String requestedBy) {
    Run run = runs.get(runId);
    if (!run.status().terminal()) {
      throw new RunStateConflictException(
          "run "
              + runId
              + " is "
              + run.status()
              + "; rerun its failed units once it has ended (or cancel it first)");
    }
    if (units.counts(runId).failed() == 0) {
      throw new RunStateConflictException(
          "run " + runId + " has no failed units; there is nothing to rerun");
    }
    return runs.rerunFailed(runId, requestedBy);
  }

  /** A pause was signalled but the run is still stopping its partitions (status RUNNING). */
  private boolean pauseRequested(long runId) {
    try {
      return runs.progress(runId).paused();
    } catch (RuntimeException e) {
      return false; // no workflow to ask: nothing is paused
    }
  }

  private RunStateConflictException ended(Run run, String what) {
    return new RunStateConflictException(
        "run " + run.id() + " has already ended (" + run.status() + ") and cannot be " + what);
  }

  private RunStateConflictException ended(long runId, String what) {
    Run run = runs.get(runId);
    if (run.status().terminal()) {
      return ended(run, what);
    }
    return new RunStateConflictException(
        "run "
            + runId
            + " is "
            + run.status()
            + " but its workflow "
            + run.workflowId()
            + " is not running, so it cannot be "
            + what
            + "; restarting the server resumes such runs (start-up reconciliation)");
  }
}
