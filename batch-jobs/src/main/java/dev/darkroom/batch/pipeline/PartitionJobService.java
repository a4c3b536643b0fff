package dev.darkroom.batch.pipeline;

import dev.darkroom.core.run.PartitionLaunchException;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * Runs (or restarts) the pipeline job of one run partition in this JVM, records it in {@code
 * run_partition}, and reports its progress from PostgreSQL.
 *
 * <p>Every launch is a new job instance (ADR 0005): the job reads the partition's unfinished units
 * from {@code run_unit}, so it continues where the last committed chunk left off whatever Batch
 * recorded about earlier executions. The previous execution is tidied up first, best effort: one
 * still marked running although it does not run in this JVM was left behind by a process that died
 * and is recovered (FAILED); one left UNKNOWN, FAILED or STOPPED is marked ABANDONED, so nobody
 * restarts it beside the new instance. The orchestrator only relaunches a partition once the
 * previous attempt is known to be gone (its heartbeat timed out), which is what makes this safe.
 * Thread-safe: many partitions run concurrently, each on the caller's thread.
 */
@Service
public class PartitionJobService {

  /** A stop that races the job's own update of its execution is asked again this often. */
  private static final int STOP_ATTEMPTS = 3;

  private static final Logger log = LoggerFactory.getLogger(PartitionJobService.class);

  private final PipelineJobFactory jobs;
  private final JobOperator jobOperator;
  private final JobRepository jobRepository;
  private final PartitionRepository partitions;
  private final RunUnitRepository units;
  private final Set<String> runningHere = ConcurrentHashMap.newKeySet();

  /**
   * How often a running partition looks for a stop request in {@code run_partition}: a worker JVM
   * or pod learns of one only there. A second keeps a cancelled ffmpeg alive for about a second and
   * costs one primary-key read per second per running partition.
   */
  static final Duration STOP_CHECK_INTERVAL = Duration.ofSeconds(1);

  /** The stop signals of the partitions running in this JVM, by {@link #key}. */
  private final Map<String, StopSignal> stopSignals = new ConcurrentHashMap<>();

  private final ScheduledExecutorService stopChecks =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "partition-stop-checks");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong lastLaunch = new AtomicLong();
  private final String worker = workerIdentity();

  PartitionJobService(
      PipelineJobFactory jobs,
      JobOperator jobOperator,
      JobRepository jobRepository,
      PartitionRepository partitions,
      RunUnitRepository units) {
    this.jobs = jobs;
    this.jobOperator = jobOperator;
    this.jobRepository = jobRepository;
    this.partitions = partitions;
    this.units = units;
  }

  /**
   * Runs the partition's job to its end on this thread; see {@link #run(long, int, String,
   * PipelineProgress.Listener, LongConsumer)}.
   */
  public PartitionProgress run(long runId, int partitionNo, PipelineProgress.Listener listener) {
    return run(runId, partitionNo, "in-process", listener, id -> {});
  }

  /**
   * Starts or restarts the partition's job and runs it to its end on this thread.
   *
   * @param launcher recorded in {@code run_partition.launcher}
   * @param onStarted called with the job execution id once the execution exists (also for a
   *     partition that had already completed, with its last execution id)
   * @return the partition's committed progress when the job ended: COMPLETED, FAILED or STOPPED
   * @throws PartitionLaunchException if the job could not be started (unknown run, pinned versions
   *     missing, bad parameters, already running here); {@code run_partition} says why too
   */
  public PartitionProgress run(
      long runId,
      int partitionNo,
      String launcher,
      PipelineProgress.Listener listener,
      LongConsumer onStarted) {
    String key = key(runId, partitionNo);
    if (!runningHere.add(key)) {
      throw new PartitionLaunchException(
          "partition " + partitionNo + " of run " + runId + " is already running in this process");
    }
    try {
      RunPartition partition =
          partitions
              .find(runId, partitionNo)
              .orElseThrow(
                  () ->
                      new PartitionLaunchException(
                          "run "
                              + runId
                              + " has no partition "
                              + partitionNo
                              + "; was it planned?"));
      partitions.markLaunched(runId, partitionNo, launcher);
      supersede(partition);
      JobParameters parameters = PipelineJobFactory.parameters(runId, partitionNo, nextLaunch());
      StopSignal stop = new StopSignal();
      Job job;
      try {
        // In the server's JVM the thread tells partitions apart; a worker JVM runs one partition.
        String who =
            launcher.equals("in-process")
                ? worker + " thread " + Thread.currentThread().getName()
                : worker;
        job =
            jobs.create(
                runId,
                partitionNo,
                launcher,
                listener,
                new Lifecycle(runId, partitionNo, who, onStarted),
                stop);
      } catch (RuntimeException e) {
        String error = "cannot start the partition's job: " + e.getMessage();
        partitions.markFinished(runId, partitionNo, PartitionStatus.FAILED, error);
        throw new PartitionLaunchException(error, e);
      }
      try {
        // Not retried here: the job instance and execution are created in the job repository's
        // own transactions at isolation-level-for-create, READ COMMITTED (darkroom-batch
        // .properties), and JobOperator.start opens no transaction of its own, so concurrent
        // launches do not abort each other (JobCreationConcurrencyTest). A launch that fails
        // anyway fails its activity, which the orchestrator retries.
        stopSignals.put(key, stop);
        ScheduledFuture<?> checks =
            stopChecks.scheduleWithFixedDelay(
                () -> checkForStop(runId, partitionNo, stop),
                STOP_CHECK_INTERVAL.toMillis(),
                STOP_CHECK_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
          jobOperator.start(job, parameters);
        } finally {
          checks.cancel(false);
          stopSignals.remove(key, stop);
        }
      } catch (Exception e) {
        String error = "cannot start the partition's job: " + e.getMessage();
        partitions.markFinished(runId, partitionNo, PartitionStatus.FAILED, error);
        throw new PartitionLaunchException(error, e);
      }
      return progress(runId, partitionNo);
    } finally {
      runningHere.remove(key);
    }
  }

  /** Whether the partition's job runs in this JVM right now. */
  public boolean runningHere(long runId, int partitionNo) {
    return runningHere.contains(key(runId, partitionNo));
  }

  /** The partition's state and committed unit counts, from PostgreSQL. */
  public PartitionProgress progress(long runId, int partitionNo) {
    RunPartition partition =
        partitions
            .find(runId, partitionNo)
            .orElseThrow(
                () ->
                    new PartitionLaunchException(
                        "run " + runId + " has no partition " + partitionNo));
    UnitCounts counts = units.counts(runId, partitionNo);
    return new PartitionProgress(
        partition.status().state(),
        counts.total(),
        counts.done() + counts.skipped(),
        counts.failed(),
        partition.lastError());
  }

  /**
   * Asks the partition's running job to stop at its next chunk boundary; returns at once. A tool
   * running in this JVM is interrupted at once (its child process killed, its unit left
   * unfinished); a job in another process learns of the request from {@code run_partition} within
   * {@link #STOP_CHECK_INTERVAL}.
   *
   * @return whether a running execution was asked to stop
   */
  public boolean stop(long runId, int partitionNo) {
    partitions.markStopping(runId, partitionNo);
    try {
      return stopExecution(runId, partitionNo);
    } finally {
      // After Batch's own stop: an interrupted tool ends its chunk at once, and the job then
      // updates its execution, which would race the stop's update of the same row.
      StopSignal here = stopSignals.get(key(runId, partitionNo));
      if (here != null) {
        here.request();
      }
    }
  }

  private boolean stopExecution(long runId, int partitionNo) {
    for (int attempt = 1; ; attempt++) {
      JobExecution last = partitions.find(runId, partitionNo).map(this::lastExecution).orElse(null);
      if (last == null || !last.isRunning()) {
        return false;
      }
      try {
        return jobOperator.stop(last);
      } catch (JobExecutionNotRunningException e) {
        return false;
      } catch (OptimisticLockingFailureException e) {
        // The job updated its execution between our read and the stop's update (a chunk ended;
        // or a stop request seen in run_partition already interrupted its tool): read it again.
        if (attempt == STOP_ATTEMPTS) {
          throw e;
        }
        log.debug(
            "Stopping partition {} of run {} raced the job; asking again", partitionNo, runId);
      }
    }
  }

  /** Passes a stop request written to {@code run_partition} (by any process) to the tool. */
  private void checkForStop(long runId, int partitionNo, StopSignal stop) {
    try {
      if (!stop.requested()
          && partitions
              .find(runId, partitionNo)
              .map(p -> p.status() == PartitionStatus.STOPPING)
              .orElse(false)) {
        log.info(
            "Partition {} of run {} was asked to stop; stopping its running tool",
            partitionNo,
            runId);
        stop.request();
      }
    } catch (RuntimeException e) {
      // A database blip: the next check, or Batch at the chunk boundary, sees the request.
      log.debug("Could not check partition {} of run {} for a stop request", partitionNo, runId, e);
    }
  }

  private @Nullable JobExecution lastExecution(RunPartition partition) {
    List<Long> ids = partition.jobExecutionIds();
    return ids.isEmpty() ? null : jobRepository.getJobExecution(ids.get(ids.size() - 1));
  }

  /**
   * Tidies up the partition's previous execution before a new instance starts. Only bookkeeping:
   * the new instance is correct whatever this leaves behind, so a failure here is logged, not
   * thrown.
   */
  private void supersede(RunPartition partition) {
    try {
      JobExecution last = lastExecution(partition);
      if (last == null || last.getStatus() == BatchStatus.COMPLETED) {
        return;
      }
      if (last.isRunning()) {
        log.info(
            "Recovering job execution {} of partition {} of run {}, left running by a process"
                + " that is gone",
            last.getId(),
            partition.partitionNo(),
            partition.runId());
        last = jobOperator.recover(last);
      }
      if (last.getStatus() != BatchStatus.ABANDONED) {
        log.info(
            "Abandoning job execution {} ({}) of partition {} of run {}: a new job instance"
                + " continues from the unfinished units",
            last.getId(),
            last.getStatus(),
            partition.partitionNo(),
            partition.runId());
        jobOperator.abandon(last);
      }
    } catch (RuntimeException | JobExecutionAlreadyRunningException e) {
      log.warn(
          "Could not tidy up the last job execution of partition {} of run {}; starting a new"
              + " instance anyway: {}",
          partition.partitionNo(),
          partition.runId(),
          e.toString());
    }
  }

  /** Epoch milliseconds, strictly increasing within this JVM. */
  private long nextLaunch() {
    long now = System.currentTimeMillis();
    return lastLaunch.updateAndGet(last -> Math.max(now, last + 1));
  }

  private static String key(long runId, int partitionNo) {
    return runId + "/" + partitionNo;
  }

  private static String workerIdentity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return ProcessHandle.current().pid() + "@" + host;
  }

  /** Records the job's start and end in {@code run_partition}. */
  private final class Lifecycle implements JobExecutionListener {

    private final long runId;
    private final int partitionNo;
    private final String who;
    private final LongConsumer onStarted;

    Lifecycle(long runId, int partitionNo, String who, LongConsumer onStarted) {
      this.runId = runId;
      this.partitionNo = partitionNo;
      this.who = who;
      this.onStarted = onStarted;
    }

    @Override
    public void beforeJob(JobExecution execution) {
      partitions.markStarted(
          runId, partitionNo, execution.getJobInstance().getInstanceId(), execution.getId(), who);
      onStarted.accept(execution.getId());
    }

    @Override
    public void afterJob(JobExecution execution) {
      BatchStatus status = execution.getStatus();
      if (status == BatchStatus.COMPLETED) {
        partitions.markFinished(runId, partitionNo, PartitionStatus.COMPLETED, null);
      } else if (status == BatchStatus.STOPPED || status == BatchStatus.STOPPING) {
        partitions.markFinished(
            runId, partitionNo, PartitionStatus.STOPPED, "stopped at a chunk boundary on request");
      } else {
        partitions.markFinished(runId, partitionNo, PartitionStatus.FAILED, describe(execution));
      }
    }
  }

  private static String describe(JobExecution execution) {
    List<Throwable> failures = new ArrayList<>(execution.getAllFailureExceptions());
    if (failures.isEmpty()) {
      return "job ended " + execution.getStatus() + ": " + execution.getExitStatus();
    }
    Throwable root = failures.get(0);
    @Nullable String message = root.getMessage();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      if (root.getMessage() != null) {
        message = root.getMessage();
      }
    }
    return root.getClass().getSimpleName() + ": " + (message == null ? root.toString() : message);
  }
}
