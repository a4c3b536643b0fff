package dev.darkroom.orchestrator.run;

import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.preflight.RunPreflight;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.orchestrator.launcher.WorkerLaunchers;
import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and steers runs: the one entry point for the REST API, the CLI, schedules and the main
 * job. PostgreSQL first, Temporal second: {@link #startRun} writes the {@code run} row (validated,
 * versions pinned, by {@link RunCreation}), records its workflow id ({@code
 * darkroom-<installation>-run-<id>}, {@link RunWorkflowIds}) in the row, and only then starts
 * {@link RunWorkflow} through {@link RunLauncherService}. Every later call reaches the workflow by
 * the id stored in the row.
 */
public class RunService {

  private static final Logger log = LoggerFactory.getLogger(RunService.class);

  private final RunCreation creation;
  private final RunPreflight preflight;
  private final RunRepository runs;
  private final RunUnitRepository units;
  private final RunLauncherService launcher;
  private final RunWorkflowIds workflowIds;
  private final int maxConcurrentPartitions;
  private final @Nullable WorkerLaunchers launchers;

  /**
   * @param maxConcurrentPartitions partitions of one run executing at once (the in-process
   *     launcher's thread count, {@code darkroom.launcher.in-process.threads})
   */
  public RunService(
      RunCreation creation,
      RunPreflight preflight,
      RunRepository runs,
      RunUnitRepository units,
      RunLauncherService launcher,
      RunWorkflowIds workflowIds,
      int maxConcurrentPartitions) {
    this(creation, preflight, runs, units, launcher, workflowIds, maxConcurrentPartitions, null);
  }

  /**
   * @param launchers the launchers a run may choose; null: every run on the default, with {@code
   *     maxConcurrentPartitions} partitions at once
   */
  public RunService(
      RunCreation creation,
      RunPreflight preflight,
      RunRepository runs,
      RunUnitRepository units,
      RunLauncherService launcher,
      RunWorkflowIds workflowIds,
      int maxConcurrentPartitions,
      @Nullable WorkerLaunchers launchers) {
    this.launchers = launchers;
    if (maxConcurrentPartitions < 1) {
      throw new IllegalArgumentException(
          "maxConcurrentPartitions must be at least 1, was " + maxConcurrentPartitions);
    }
    this.creation = creation;
    this.preflight = preflight;
    this.runs = runs;
    this.units = units;
    this.launcher = launcher;
    this.workflowIds = workflowIds;
    this.maxConcurrentPartitions = maxConcurrentPartitions;
  }

  /**
   * Writes the run row, records its workflow id and starts its workflow.
   *
   * @param requestedBy who asked (a user name, {@code cli}, {@code schedule:<id>}, {@code
   *     main-job}); replaces the request's
   * @return the new run's id; its workflow id is in {@code run.workflow_id}
   * @throws InvalidRunRequestException for an unknown pipeline, invalid parameters or an
   *     unsupported scope; nothing is written
   * @throws UnknownRunException when the request reruns an unknown run
   * @throws dev.darkroom.batch.preflight.RunPreflightException when its workers could not do the
   *     work (an archive root of its scope not mounted, the store not writable, a tool missing);
   *     nothing is written
   * @throws RunStartFailedException when the row was written but the workflow could not be started;
   *     the run is then FAILED with the reason
   * @throws dev.darkroom.orchestrator.temporal.TemporalUnavailableException when Temporal cannot be
   *     reached: checked first, so nothing is written
   */
  public long startRun(RunRequest request, String requestedBy) {
    return startRun(request, requestedBy, null);
  }

  /**
   * As {@link #startRun(RunRequest, String)}, on the named launcher ({@code in-process}, {@code
   * process}, ...; null for {@code darkroom.runs.default-launcher}).
   *
   * @throws dev.darkroom.core.run.UnknownLauncherException if this server offers no such launcher;
   *     nothing is written
   */
  public long startRun(RunRequest request, String requestedBy, @Nullable String launcherName) {
    String chosen = launchers == null ? null : launchers.resolve(launcherName);
    launcher.requireReachable("started");
    RunRequest asked =
        new RunRequest(
            request.pipelineId(),
            request.collectionId(),
            request.collectionQuery(),
            request.rerunOf(),
            request.policy(),
            request.parameters(),
            requestedBy,
            request.force());
    preflight.check(asked);
    long runId = creation.create(asked);
    if (chosen != null) {
      runs.setLauncher(runId, chosen);
    }
    start(runs.get(runId));
    return runId;
  }

  /**
   * A new run of the same pipeline over exactly the units that failed in run {@code runId}, with
   * its policy's parameters (a sandbox rerun takes every failed unit, not a sample of them).
   *
   * @return the new run's id
   * @throws UnknownRunException if no run has this id
   * @throws InvalidRunRequestException if the run has not ended yet or has no failed units
   */
  public long rerunFailed(long runId, String requestedBy) {
    Run earlier = runs.get(runId);
    if (!earlier.status().terminal()) {
      throw new InvalidRunRequestException(
          "run "
              + runId
              + " is "
              + earlier.status()
              + "; rerun its failed units once it has ended (or cancel it first)");
    }
    if (units.counts(runId).failed() == 0) {
      throw new InvalidRunRequestException(
          "run " + runId + " has no failed units; there is nothing to rerun");
    }
    RunPolicy policy = earlier.policy();
    if (policy.sandbox()) {
      policy =
          new RunPolicy(
              RunPolicy.Kind.SANDBOX,
              null,
              1.0,
              policy.seed(),
              policy.thumbnailSize(),
              policy.artifactTtl());
    }
    // Forced: a rerun takes exactly the failed units, even those another run has since made
    // current.
    RunRequest request =
        new RunRequest(
                earlier.pipelineId(), null, null, runId, policy, earlier.parameters(), requestedBy)
            .withForce(true);
    return startRun(request, requestedBy, earlier.launcher());
  }

  /** As {@link #rerunFailed(long, String)}, requested by {@code system}. */
  public long rerunFailed(long runId) {
    return rerunFailed(runId, "system");
  }

  /**
   * Cancels the run: running partitions stop at a chunk boundary, the run ends CANCELLED and its
   * committed results stay. A run that already ended is left as it is.
   *
   * @throws UnknownRunException if no run has this id
   */
  public void cancel(long runId) {
    Run run = runs.get(runId);
    if (!run.status().terminal()) {
      launcher.cancel(workflowIds.of(run));
    }
  }

  /**
   * Pauses the run: no new partition starts, running ones stop at a chunk boundary, then PAUSED.
   *
   * @throws UnknownRunException if no run has this id
   * @throws InvalidRunRequestException if the run has already ended
   */
  public void pause(long runId) {
    launcher.pause(workflowIds.of(requireActive(runId, "paused")));
  }

  /**
   * Resumes a paused run from its committed state.
   *
   * @throws UnknownRunException if no run has this id
   * @throws InvalidRunRequestException if the run has already ended
   */
  public void resume(long runId) {
    launcher.resume(workflowIds.of(requireActive(runId, "resumed")));
  }

  /** The workflow's view of a running run: partitions planned, running, finished. */
  public RunProgress progress(long runId) {
    return launcher.progress(workflowIds.of(runs.get(runId)));
  }

  /** The run row, from PostgreSQL. */
  public Run get(long runId) {
    return runs.get(runId);
  }

  /** The workflow id of the run: the one stored in its row, else the one it will get. */
  public String workflowId(long runId) {
    return workflowId(runs.get(runId));
  }

  String workflowId(Run run) {
    return workflowIds.of(run);
  }

  /**
   * Starts (or, for a run whose workflow is gone, starts again) the workflow of an existing run,
   * under the workflow id stored in its row (a new one is recorded first when it has none). A
   * PAUSED run's workflow starts paused: it waits for resume before it plans or launches anything.
   * Used by {@link #startRun} and by start-up reconciliation.
   */
  String start(Run run) {
    String workflowId = workflowIds.of(run);
    if (run.workflowId() == null) {
      runs.setWorkflowId(run.id(), workflowId);
    }
    try {
      return launcher.start(
          workflowId, input(run).withStartPaused(run.status() == RunStatus.PAUSED));
    } catch (RunAlreadyCompletedException e) {
      throw e;
    } catch (TemporalUnavailableException e) {
      // Temporal went away between the check and the start: a new run fails with the reason (as
      // below), and the caller is told to retry, which requests a new run.
      log.warn("Run {}: {}", run.id(), e.getMessage());
      if (run.status() == RunStatus.PENDING) {
        runs.transition(run.id(), RunStatus.FAILED, "could not start: " + e.getMessage());
      }
      throw e;
    } catch (RuntimeException e) {
      String reason = "could not start its workflow " + workflowId + ": " + e.getMessage();
      log.error("Run {} {}", run.id(), reason, e);
      if (run.status() == RunStatus.PENDING) {
        runs.transition(run.id(), RunStatus.FAILED, reason);
      }
      throw new RunStartFailedException(run.id(), reason, e);
    }
  }

  RunInput input(Run run) {
    int slots = launchers == null ? maxConcurrentPartitions : launchers.slots(run.launcher());
    return RunInput.of(run.id(), run.pipelineId(), run.pipelineVersion(), slots, Map.of())
        .withLauncher(run.launcher())
        .withAggregateSteps(PipelineRegistry.aggregateSteps(run.pipelineId()));
  }

  private Run requireActive(long runId, String what) {
    Run run = runs.get(runId);
    if (run.status().terminal()) {
      throw new InvalidRunRequestException(
          "run " + runId + " has already ended (" + run.status() + ") and cannot be " + what);
    }
    return run;
  }
}
