package dev.darkroom.orchestrator.launcher;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.PipelineProgress;
import dev.darkroom.core.run.PartitionBusyException;
import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionLaunchException;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.WorkerLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs partitions in this JVM through {@link PartitionJobService}, one thread each, on a bounded
 * pool: when every thread is busy a launch is refused with {@link PartitionLaunchException} (the
 * orchestrator retries it) instead of queueing a job nobody watches. The handle's reference is the
 * Batch job execution id. Progress comes from PostgreSQL; {@link #stop} is {@code
 * JobOperator.stop}, honoured at the next chunk boundary.
 */
public class InProcessWorkerLauncher implements WorkerLauncher, AutoCloseable {

  public static final String NAME = "in-process";

  private static final Logger log = LoggerFactory.getLogger(InProcessWorkerLauncher.class);

  private final PartitionJobService jobs;
  private final PartitionRepository partitions;
  private final PipelineProgress.Listener listener;
  private final Duration startTimeout;
  private final ThreadPoolExecutor executor;

  /** Completed when the job of the partition ({@code runId/partitionNo}) launched here ends. */
  private final Map<String, CompletableFuture<Void>> ends = new ConcurrentHashMap<>();

  /**
   * @param listener told after every committed chunk of every partition launched here
   */
  public InProcessWorkerLauncher(
      PartitionJobService jobs,
      PartitionRepository partitions,
      InProcessLauncherProperties properties,
      PipelineProgress.Listener listener) {
    this.jobs = jobs;
    this.partitions = partitions;
    this.listener = listener;
    this.startTimeout = properties.startTimeout();
    AtomicInteger threadNumber = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            properties.threads(),
            properties.threads(),
            1,
            TimeUnit.MINUTES,
            new SynchronousQueue<>(),
            task -> {
              Thread thread = new Thread(task, "partition-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PartitionHandle launch(PartitionLaunch launch) {
    long runId = launch.runId();
    int partitionNo = launch.partitionNo();
    if (jobs.runningHere(runId, partitionNo)) {
      // A retried launch while the first attempt still runs here: watch that one.
      return handle(runId, partitionNo, lastExecution(runId, partitionNo));
    }
    CompletableFuture<Long> started = new CompletableFuture<>();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    String key = key(runId, partitionNo);
    ends.put(key, ended);
    try {
      executor.execute(() -> runPartition(runId, partitionNo, started, ended));
    } catch (RejectedExecutionException e) {
      ends.remove(key, ended);
      throw new PartitionLaunchException(
          "the in-process launcher already runs "
              + executor.getMaximumPoolSize()
              + " partitions (darkroom.launcher.in-process.threads); partition "
              + partitionNo
              + " of run "
              + runId
              + " was not started",
          e);
    }
    try {
      long executionId = started.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return handle(runId, partitionNo, Long.toString(executionId));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PartitionLaunchException launchFailure) {
        throw launchFailure;
      }
      throw new PartitionLaunchException(
          "partition " + partitionNo + " of run " + runId + " did not start: " + cause, cause);
    } catch (TimeoutException e) {
      // Most likely waiting for the database; the job may still start, and a retried launch
      // then watches it (runningHere).
      throw new PartitionBusyException(
          "partition " + partitionNo + " of run " + runId + " did not start within " + startTimeout,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PartitionLaunchException("interrupted while launching a partition", e);
    }
  }

  private void runPartition(
      long runId, int partitionNo, CompletableFuture<Long> started, CompletableFuture<Void> ended) {
    // Every line of this partition's thread carries its run (docs/observability.md, logs).
    MDC.put("runId", Long.toString(runId));
    MDC.put("partition", Integer.toString(partitionNo));
    try {
      PartitionProgress end = jobs.run(runId, partitionNo, NAME, listener, started::complete);
      log.info("Partition {} of run {} ended {}", partitionNo, runId, end.state());
    } catch (RuntimeException e) {
      if (!started.completeExceptionally(e)) {
        log.error("Partition {} of run {} failed", partitionNo, runId, e);
      }
    } finally {
      ends.remove(key(runId, partitionNo), ended);
      ended.complete(null);
      MDC.remove("runId");
      MDC.remove("partition");
    }
  }

  @Override
  public PartitionProgress progress(PartitionHandle handle) {
    PartitionProgress progress = jobs.progress(handle.runId(), handle.partitionNo());
    if (progress.state() != PartitionProgress.State.RUNNING
        || jobs.runningHere(handle.runId(), handle.partitionNo())) {
      return progress;
    }
    // The job thread records the end before it lets go of the partition, so read once more.
    progress = jobs.progress(handle.runId(), handle.partitionNo());
    if (progress.state() != PartitionProgress.State.RUNNING) {
      return progress;
    }
    String error =
        WorkerLauncher.JOB_LOST
            + " in this process (was the process restarted, or the database away when it"
            + " ended?); launch it again to go on from its unfinished units";
    partitions.markFinished(handle.runId(), handle.partitionNo(), PartitionStatus.FAILED, error);
    return jobs.progress(handle.runId(), handle.partitionNo());
  }

  /**
   * Returns as soon as the partition's job, launched here, has ended (its end is recorded in
   * PostgreSQL before), or after {@code timeout}.
   */
  @Override
  public PartitionProgress awaitProgress(PartitionHandle handle, Duration timeout)
      throws InterruptedException {
    CompletableFuture<Void> ended = ends.get(key(handle.runId(), handle.partitionNo()));
    if (ended == null) {
      // Not launched by this launcher (or already over): nothing to be told, so wait as a poll.
      return WorkerLauncher.super.awaitProgress(handle, timeout);
    }
    try {
      ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      // the usual case: report progress and wait again
    } catch (ExecutionException impossible) {
      // never completed exceptionally
    }
    return progress(handle);
  }

  @Override
  public void stop(PartitionHandle handle) {
    jobs.stop(handle.runId(), handle.partitionNo());
  }

  /** Stops accepting launches; running partitions are asked to stop at a chunk boundary. */
  @Override
  public void close() {
    executor.shutdown();
  }

  private String lastExecution(long runId, int partitionNo) {
    List<Long> ids =
        partitions.find(runId, partitionNo).map(RunPartition::jobExecutionIds).orElse(List.of());
    return ids.isEmpty() ? "starting" : Long.toString(ids.get(ids.size() - 1));
  }

  private static String key(long runId, int partitionNo) {
    return runId + "/" + partitionNo;
  }

  private static PartitionHandle handle(long runId, int partitionNo, String reference) {
    return new PartitionHandle(NAME, runId, partitionNo, reference);
  }
}
