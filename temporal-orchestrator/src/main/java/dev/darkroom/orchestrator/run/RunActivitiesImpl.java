package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.WorkerLauncher;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * Thin shells over the run ports. A partition's progress comes from the launcher, that is from
 * PostgreSQL; heartbeat details are only shown, never read back.
 */
public class RunActivitiesImpl implements RunActivities {

  /** {@code ApplicationFailure} type of a partition whose job failed; Temporal retries it. */
  public static final String PARTITION_FAILED = "PartitionFailed";

  /** {@code ApplicationFailure} type of a partition whose job was stopped outside the workflow. */
  public static final String PARTITION_STOPPED = "PartitionStopped";

  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  private final RunPlanning planning;
  private final WorkerLauncher launcher;
  private final RunFinishing finishing;
  private final RunStatusUpdates statusUpdates;
  private final Duration pollInterval;
  private final int slots;

  public RunActivitiesImpl(
      RunPlanning planning,
      WorkerLauncher launcher,
      RunFinishing finishing,
      RunStatusUpdates statusUpdates) {
    this(planning, launcher, finishing, statusUpdates, DEFAULT_POLL_INTERVAL, 1);
  }

  /**
   * @param slots partitions that may execute at once; a run is cut into at least this many when it
   *     has enough units
   */
  public RunActivitiesImpl(
      RunPlanning planning,
      WorkerLauncher launcher,
      RunFinishing finishing,
      RunStatusUpdates statusUpdates,
      int slots) {
    this(planning, launcher, finishing, statusUpdates, DEFAULT_POLL_INTERVAL, slots);
  }

  public RunActivitiesImpl(
      RunPlanning planning,
      WorkerLauncher launcher,
      RunFinishing finishing,
      RunStatusUpdates statusUpdates,
      Duration pollInterval) {
    this(planning, launcher, finishing, statusUpdates, pollInterval, 1);
  }

  /**
   * @param pollInterval how often a partition's progress is read and heartbeated
   */
  public RunActivitiesImpl(
      RunPlanning planning,
      WorkerLauncher launcher,
      RunFinishing finishing,
      RunStatusUpdates statusUpdates,
      Duration pollInterval,
      int slots) {
    this.planning = planning;
    this.slots = slots;
    this.launcher = launcher;
    this.finishing = finishing;
    this.statusUpdates = statusUpdates;
    this.pollInterval = pollInterval;
  }

  @Override
  public PlanResult plan(long runId) {
    return planning.plan(runId, slots);
  }

  @Override
  public void markRunning(long runId) {
    statusUpdates.markRunning(runId);
  }

  @Override
  public void markPaused(long runId) {
    statusUpdates.markPaused(runId);
  }

  @Override
  public RunOutcome finish(long runId, boolean cancelled) {
    return finishing.finish(runId, cancelled);
  }

  @Override
  public PartitionProgress executePartition(PartitionLaunch launch) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    PartitionHandle handle = launcher.launch(launch);
    try {
      PartitionProgress progress = launcher.progress(handle);
      while (!progress.finished()) {
        // Throws once the workflow cancelled this activity (pause or cancel) or the worker stops.
        context.heartbeat(progress);
        progress = awaitProgress(handle);
      }
      return ended(launch, progress);
    } catch (ActivityCompletionException e) {
      launcher.stop(handle);
      if (e instanceof ActivityCanceledException) {
        PartitionProgress last = awaitEnd(context, handle);
        if (last.state() == PartitionProgress.State.COMPLETED) {
          return last; // the last chunk committed before the stop: the partition is done
        }
      }
      throw e;
    }
  }

  private static PartitionProgress ended(PartitionLaunch launch, PartitionProgress progress) {
    switch (progress.state()) {
      case COMPLETED:
        return progress;
      case FAILED:
        throw ApplicationFailure.newFailure(
            "Partition "
                + launch.partitionNo()
                + " of run "
                + launch.runId()
                + " failed: "
                + progress.error(),
            PARTITION_FAILED);
      default:
        throw ApplicationFailure.newFailure(
            "Partition "
                + launch.partitionNo()
                + " of run "
                + launch.runId()
                + " was stopped outside the run's workflow; restarting it from its last committed"
                + " chunk",
            PARTITION_STOPPED);
    }
  }

  /** After a stop: waits for the job to reach a chunk boundary, still heartbeating. */
  private PartitionProgress awaitEnd(ActivityExecutionContext context, PartitionHandle handle) {
    PartitionProgress progress = launcher.progress(handle);
    while (!progress.finished()) {
      try {
        context.heartbeat(progress);
      } catch (ActivityCompletionException alreadyCancelled) {
        // Expected: the cancellation is known; the heartbeat only keeps the activity alive.
      }
      progress = awaitProgress(handle);
    }
    return progress;
  }

  /**
   * The progress once the job ended or after the poll interval, whichever is first: an in-process
   * job's end is noticed at once, not at the next poll, so the next partition starts sooner.
   */
  private PartitionProgress awaitProgress(PartitionHandle handle) {
    try {
      return launcher.awaitProgress(handle, pollInterval);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      launcher.stop(handle);
      throw Activity.wrap(e);
    }
  }
}
