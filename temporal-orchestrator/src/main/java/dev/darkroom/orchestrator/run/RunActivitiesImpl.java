package dev.darkroom.orchestrator.run;

import dev.darkroom.core.db.DatabaseOutages;
import dev.darkroom.core.run.PartitionBusyException;
import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.orchestrator.launcher.WorkerLaunchers;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin shells over the run ports. A partition's progress comes from the launcher, that is from
 * PostgreSQL; heartbeat details are only shown, never read back.
 *
 * <p>A partition's failure leaves as one of two kinds (ADR 0005): {@value #DATABASE_UNAVAILABLE}
 * when PostgreSQL was unreachable (or the job was lost with its process), which Temporal retries
 * until the database is back, or {@value #PARTITION_FAILED} for anything else, which the workflow
 * relaunches a few times and then counts failed; a partition given up because its worker ran out of
 * memory too often in a row leaves as {@value #PARTITION_GIVEN_UP}, not retried. While a job runs
 * here, a progress read that fails because PostgreSQL is away does not end the activity: the job is
 * waiting for the database too, and the activity keeps heartbeating until it can read again.
 */
public class RunActivitiesImpl implements RunActivities {

  /**
   * {@code ApplicationFailure} type of a partition whose job failed for a reason other than a
   * database outage; the workflow relaunches it a few times, then counts it failed.
   */
  public static final String PARTITION_FAILED = "PartitionFailed";

  /**
   * {@code ApplicationFailure} type of a partition that failed because PostgreSQL was unreachable,
   * or whose job was lost with its process; Temporal retries it with backoff, without a limit.
   */
  public static final String DATABASE_UNAVAILABLE = "DatabaseUnavailable";

  private static final Logger log = LoggerFactory.getLogger(RunActivitiesImpl.class);

  /**
   * {@code ApplicationFailure} type, not retryable, of a partition given up because its worker ran
   * out of memory too often in a row ({@link WorkerLauncher#OUT_OF_MEMORY_GIVEN_UP}): the workflow
   * counts it failed at once, and the run's failure reason says which memory setting to raise.
   */
  public static final String PARTITION_GIVEN_UP = "PartitionGivenUp";

  /** {@code ApplicationFailure} type of a partition whose job was stopped outside the workflow. */
  public static final String PARTITION_STOPPED = "PartitionStopped";

  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  /** Heartbeated while the first progress read of a launched job waits for the database. */
  private static final PartitionProgress STARTING =
      new PartitionProgress(PartitionProgress.State.RUNNING, 0, 0, 0, null);

  private final RunPlanning planning;
  private final WorkerLaunchers launchers;
  private final RunFinishing finishing;
  private final RunStatusUpdates statusUpdates;
  private final Duration pollInterval;
  private final ToIntFunction<@Nullable String> slots;

  /** Reads partition progress so that a read blocked on the database does not stop heartbeats. */
  private final ExecutorService readers =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "partition-progress-reader");
            thread.setDaemon(true);
            return thread;
          });

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
    this(
        planning,
        WorkerLaunchers.of(launcher),
        finishing,
        statusUpdates,
        pollInterval,
        name -> slots);
  }

  /**
   * @param launchers every launcher a run may choose; each partition goes to its run's, and a run
   *     is planned for the slots of its launcher ({@link WorkerLaunchers#slots})
   */
  public RunActivitiesImpl(
      RunPlanning planning,
      WorkerLaunchers launchers,
      RunFinishing finishing,
      RunStatusUpdates statusUpdates,
      Duration pollInterval) {
    this(planning, launchers, finishing, statusUpdates, pollInterval, launchers::slots);
  }

  /**
   * @param launchers every launcher a run may choose; each partition goes to its run's
   * @param slots partitions of a run that may execute at once, by its launcher's name
   */
  private RunActivitiesImpl(
      RunPlanning planning,
      WorkerLaunchers launchers,
      RunFinishing finishing,
      RunStatusUpdates statusUpdates,
      Duration pollInterval,
      ToIntFunction<@Nullable String> slots) {
    this.planning = planning;
    this.slots = slots;
    this.launchers = launchers;
    this.finishing = finishing;
    this.statusUpdates = statusUpdates;
    this.pollInterval = pollInterval;
  }

  /** The details of a control activity's heartbeats, as the Web UI shows them. */
  static final String CONTROL_HEARTBEAT = "working";

  // Control activities heartbeat from here while they work on the activity's thread.
  private static final ScheduledExecutorService HEARTBEATS =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "control-activity-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  @Override
  public PlanResult plan(long runId) {
    return heartbeating(() -> planning.plan(runId, slots));
  }

  @Override
  public void markRunning(long runId) {
    heartbeating(
        () -> {
          statusUpdates.markRunning(runId);
          return null;
        });
  }

  @Override
  public void markPaused(long runId) {
    heartbeating(
        () -> {
          statusUpdates.markPaused(runId);
          return null;
        });
  }

  @Override
  public RunOutcome finish(long runId, boolean cancelled) {
    return heartbeating(() -> finishing.finish(runId, cancelled));
  }

  /**
   * Runs a control activity's work while heartbeating every poll interval, so that a worker killed
   * in the middle of it (planning a large run takes seconds) is noticed by the heartbeat timeout
   * and the activity retried elsewhere at once, not after its 10-minute start-to-close timeout. A
   * cancellation seen in a heartbeat's reply is ignored: control activities complete (a cancelled
   * run is finished only once an in-flight plan or status change committed).
   */
  private <T> T heartbeating(Supplier<T> work) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ScheduledFuture<?> beats =
        HEARTBEATS.scheduleAtFixedRate(
            () -> {
              try {
                context.heartbeat(CONTROL_HEARTBEAT);
              } catch (ActivityCompletionException cancelledOrTimedOut) {
                // The work goes on; its outcome decides what happens.
              } catch (RuntimeException e) {
                log.debug("Heartbeat of a control activity failed: {}", e.getMessage());
              }
            },
            0,
            pollInterval.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return work.get();
    } finally {
      beats.cancel(false);
    }
  }

  @Override
  public PartitionProgress executePartition(PartitionLaunch launch) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    try {
      return execute(context, launch);
    } catch (ActivityCompletionException | ApplicationFailure e) {
      throw e;
    } catch (RuntimeException e) {
      String what = "Partition " + launch.partitionNo() + " of run " + launch.runId();
      if (DatabaseOutages.isOutage(e)) {
        throw ApplicationFailure.newFailureWithCause(
            what + " could not reach the database; retrying until it is back: " + e.getMessage(),
            DATABASE_UNAVAILABLE,
            e);
      }
      if (e instanceof PartitionBusyException) {
        throw ApplicationFailure.newFailureWithCause(
            what + " could not start yet; retrying: " + e.getMessage(), DATABASE_UNAVAILABLE, e);
      }
      throw ApplicationFailure.newFailureWithCause(
          what + " failed: " + e.getMessage(), PARTITION_FAILED, e);
    }
  }

  private PartitionProgress execute(ActivityExecutionContext context, PartitionLaunch launch) {
    WorkerLauncher launcher = launchers.get(launch.launcher());
    PartitionHandle handle = launcher.launch(launch);
    try {
      PartitionProgress progress =
          readProgress(context, handle, STARTING, () -> launcherOf(handle).progress(handle));
      while (!progress.finished()) {
        // Throws once the workflow cancelled this activity (pause or cancel) or the worker stops.
        context.heartbeat(progress);
        progress = awaitProgress(context, handle, progress);
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
    String what = "Partition " + launch.partitionNo() + " of run " + launch.runId();
    switch (progress.state()) {
      case COMPLETED:
        return progress;
      case FAILED:
        if (progress.error() != null
            && progress.error().startsWith(WorkerLauncher.OUT_OF_MEMORY_GIVEN_UP)) {
          throw ApplicationFailure.newNonRetryableFailure(
              what + " failed: " + progress.error(), PARTITION_GIVEN_UP);
        }
        if (lostToOutage(progress.error())) {
          throw ApplicationFailure.newFailure(
              what
                  + " was interrupted ("
                  + progress.error()
                  + "); continuing from its unfinished units",
              DATABASE_UNAVAILABLE);
        }
        throw ApplicationFailure.newFailure(
            what + " failed: " + progress.error(), PARTITION_FAILED);
      default:
        throw ApplicationFailure.newFailure(
            what
                + " was stopped outside the run's workflow; restarting it from its unfinished"
                + " units",
            PARTITION_STOPPED);
    }
  }

  /**
   * Whether a job's recorded failure is a database outage, or the loss of its process (its end
   * could not be recorded, typically because the database was away at that moment), or its worker
   * running out of memory fewer times in a row than allowed: launched again without counting
   * against the partition's budget of failures, the out-of-memory count in PostgreSQL bounds it.
   */
  private static boolean lostToOutage(@Nullable String error) {
    return DatabaseOutages.looksLikeOutage(error)
        || (error != null
            && (error.startsWith(WorkerLauncher.JOB_LOST)
                || error.startsWith(WorkerLauncher.OUT_OF_MEMORY)));
  }

  /** After a stop: waits for the job to reach a chunk boundary, still heartbeating. */
  private PartitionProgress awaitEnd(ActivityExecutionContext context, PartitionHandle handle) {
    PartitionProgress progress =
        readProgress(context, handle, STARTING, () -> launcherOf(handle).progress(handle));
    while (!progress.finished()) {
      try {
        context.heartbeat(progress);
      } catch (ActivityCompletionException alreadyCancelled) {
        // Expected: the cancellation is known; the heartbeat only keeps the activity alive.
      }
      progress = awaitProgress(context, handle, progress);
    }
    return progress;
  }

  /**
   * The progress once the job ended or after the poll interval, whichever is first: an in-process
   * job's end is noticed at once, not at the next poll, so the next partition starts sooner.
   *
   * <p>The read runs on a reader thread while this thread keeps heartbeating: with PostgreSQL away
   * a read blocks for the pool's connection timeout (30 s by default, as long as the heartbeat
   * timeout). A read that fails because the database is unreachable is tried again each interval,
   * the last known progress heartbeated meanwhile; the job itself waits for the database too.
   */
  private PartitionProgress awaitProgress(
      ActivityExecutionContext context, PartitionHandle handle, PartitionProgress last) {
    return readProgress(
        context, handle, last, () -> launcherOf(handle).awaitProgress(handle, pollInterval));
  }

  private PartitionProgress readProgress(
      ActivityExecutionContext context,
      PartitionHandle handle,
      PartitionProgress last,
      Callable<PartitionProgress> reader) {
    boolean warned = false;
    while (true) {
      Future<PartitionProgress> read = readers.submit(reader);
      try {
        while (true) {
          try {
            return read.get(pollInterval.toMillis() * 2, TimeUnit.MILLISECONDS);
          } catch (TimeoutException slow) {
            heartbeatWhileAway(context, last);
          }
        }
      } catch (InterruptedException e) {
        read.cancel(true);
        Thread.currentThread().interrupt();
        launcherOf(handle).stop(handle);
        throw Activity.wrap(e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InterruptedException) {
          launcherOf(handle).stop(handle);
          throw Activity.wrap(cause);
        }
        if (!DatabaseOutages.isOutage(cause)) {
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw Activity.wrap(cause);
        }
        if (!warned) {
          log.warn(
              "Cannot read the progress of partition {} of run {}: the database is unreachable;"
                  + " waiting for it ({})",
              handle.partitionNo(),
              handle.runId(),
              cause.getMessage());
          warned = true;
        }
      }
      heartbeatWhileAway(context, last);
      sleep(pollInterval);
    }
  }

  private WorkerLauncher launcherOf(PartitionHandle handle) {
    return launchers.get(handle.launcher());
  }

  private static void heartbeatWhileAway(ActivityExecutionContext context, PartitionProgress last) {
    try {
      context.heartbeat(last);
    } catch (ActivityCompletionException cancelledOrGone) {
      // Only the keep-alive matters here; the next successful read notices a cancellation.
    }
  }

  private static void sleep(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }
}
