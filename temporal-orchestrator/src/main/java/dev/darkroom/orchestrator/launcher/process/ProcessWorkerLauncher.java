package dev.darkroom.orchestrator.launcher.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.core.process.ChildProcesses;
import dev.darkroom.core.process.OrphanProcesses;
import dev.darkroom.core.run.PartitionBusyException;
import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionLaunchException;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.PartitionWorkerCommand;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.WorkerLauncher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every partition in a child JVM of this server: {@code java <jvm options> -cp <class path>
 * WorkerMain partition --run=R --partition=P --attempt=A ...} ({@link PartitionWorkerCommand}), at
 * most {@code workers} at once; a launch beyond that is refused with {@link PartitionBusyException}
 * and retried by the orchestrator.
 *
 * <p>The worker records its job's start and end in {@code run_partition} itself; progress is read
 * from PostgreSQL. The child's output goes to the server log, each line prefixed with its run and
 * partition, and to a per-partition log file ({@link PartitionLogs}). A child that exits without
 * recording its end (killed, crashed, refused its arguments) is noticed here and its partition
 * marked FAILED with the exit code and its last output line; one killed by a signal is {@link
 * WorkerLauncher#JOB_LOST}, relaunched from its unfinished units. {@link #stop} is {@code
 * JobOperator.stop} in the shared job repository, which the worker's step sees at its next chunk
 * boundary. Children are started through {@link ChildProcesses}, so they die with the server, and
 * {@link #close} stops them.
 */
public class ProcessWorkerLauncher implements WorkerLauncher, AutoCloseable {

  public static final String NAME = "process";

  private static final Logger log = LoggerFactory.getLogger(ProcessWorkerLauncher.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often a stop is asked again while the worker's job execution does not exist yet. */
  private static final Duration STOP_RETRY = Duration.ofSeconds(1);

  private static final Duration STOP_RETRY_FOR = Duration.ofMinutes(2);

  private final PartitionJobService jobs;
  private final PartitionRepository partitions;
  private final WorkerJvm jvm;
  private final int workers;
  private final Duration stopGrace;
  private final Map<String, String> workerProperties;
  private final PartitionLogs logs;
  private final int outOfMemoryAttempts;
  private final Map<String, WorkerProcess> children = new ConcurrentHashMap<>();
  private final ScheduledExecutorService stopper =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "process-launcher-stop");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param workerProperties Spring properties every worker gets (datasource, archive, storage),
   *     handed over in its environment ({@code SPRING_APPLICATION_JSON}) so that passwords do not
   *     show in the process list
   */
  public ProcessWorkerLauncher(
      PartitionJobService jobs,
      PartitionRepository partitions,
      ProcessLauncherProperties properties,
      Map<String, String> workerProperties,
      PartitionLogs logs) {
    this(jobs, partitions, properties, workerProperties, logs, 3);
  }

  /**
   * @param outOfMemoryAttempts attempts of a partition whose worker may run out of heap in a row
   *     before the partition is given up ({@code darkroom.runs.out-of-memory-attempts})
   */
  public ProcessWorkerLauncher(
      PartitionJobService jobs,
      PartitionRepository partitions,
      ProcessLauncherProperties properties,
      Map<String, String> workerProperties,
      PartitionLogs logs,
      int outOfMemoryAttempts) {
    this.outOfMemoryAttempts = outOfMemoryAttempts;
    this.jobs = jobs;
    this.partitions = partitions;
    this.jvm = WorkerJvm.of(properties);
    this.workers = properties.workers();
    this.stopGrace = properties.stopGrace();
    this.workerProperties = Map.copyOf(workerProperties);
    this.logs = logs;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public synchronized PartitionHandle launch(PartitionLaunch launch) {
    long runId = launch.runId();
    int partitionNo = launch.partitionNo();
    String key = key(runId, partitionNo);
    WorkerProcess running = children.get(key);
    if (running != null && running.alive()) {
      // A retried launch while the first worker still runs: watch that one.
      return handle(runId, partitionNo, running.pid());
    }
    long alive = children.values().stream().filter(WorkerProcess::alive).count();
    if (alive >= workers) {
      throw new PartitionBusyException(
          "the process launcher already runs "
              + alive
              + " worker JVMs (darkroom.launcher.process.workers); partition "
              + partitionNo
              + " of run "
              + runId
              + " was not started");
    }
    RunPartition partition =
        partitions
            .find(runId, partitionNo)
            .orElseThrow(
                () ->
                    new PartitionLaunchException(
                        "run " + runId + " has no partition " + partitionNo + "; was it planned?"));
    int attempt = partition.jobExecutionIds().size() + 1;
    List<String> command = new ArrayList<>(jvm.command());
    command.addAll(PartitionWorkerCommand.arguments(launch, attempt));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPRING_APPLICATION_JSON", json(workerProperties));
    builder.environment().put("DARKROOM_WORKER_LAUNCHER", NAME);
    // RUNNING from now on, the previous error cleared: until the worker records its job, progress
    // must not read the last attempt's end.
    partitions.markLaunched(runId, partitionNo, NAME);
    Process process;
    try {
      process = ChildProcesses.start(builder);
    } catch (IOException | RuntimeException e) {
      String error = "cannot start a worker JVM (" + jvm.java() + "): " + e.getMessage();
      partitions.markFinished(runId, partitionNo, PartitionStatus.FAILED, error);
      throw new PartitionLaunchException(error, e);
    }
    WorkerProcess child =
        WorkerProcess.start(
            process,
            runId,
            partitionNo,
            launch.pipelineId(),
            attempt,
            logs.file(runId, partitionNo));
    children.put(key, child);
    log.info(
        "Partition {} of run {} (attempt {}) runs in worker JVM {}; log {}",
        partitionNo,
        runId,
        attempt,
        child.pid(),
        child.logFile());
    return handle(runId, partitionNo, child.pid());
  }

  @Override
  public PartitionProgress progress(PartitionHandle handle) {
    long runId = handle.runId();
    int partitionNo = handle.partitionNo();
    PartitionProgress progress = jobs.progress(runId, partitionNo);
    if (progress.state() != PartitionProgress.State.RUNNING) {
      return progress;
    }
    WorkerProcess child = children.get(key(runId, partitionNo));
    if (child != null && child.alive()) {
      return progress;
    }
    if (child != null) {
      // The worker records its end before it exits, so read once more after its output is in.
      child.awaitOutput(Duration.ofSeconds(5));
      progress = jobs.progress(runId, partitionNo);
      if (progress.state() != PartitionProgress.State.RUNNING) {
        return progress;
      }
      endedWithoutRecord(child);
    } else {
      partitions.markFinished(
          runId,
          partitionNo,
          PartitionStatus.FAILED,
          WorkerLauncher.JOB_LOST
              + ": no worker JVM of this server runs it (was the server restarted?); launch it"
              + " again to go on from its unfinished units");
    }
    return jobs.progress(runId, partitionNo);
  }

  private void endedWithoutRecord(WorkerProcess child) {
    int code = child.exitCode();
    String last = child.lastLine();
    PartitionStatus status;
    String error;
    if (!child.stopRequested()
        && code == WorkerJvm.OUT_OF_MEMORY_EXIT
        && last.contains(WorkerJvm.OUT_OF_MEMORY_LINE)) {
      outOfMemory(child, last);
      return;
    }
    if (child.stopRequested()) {
      status = PartitionStatus.STOPPED;
      error = "stopped before its job started (worker JVM " + child.pid() + " exited " + code + ")";
    } else if (code > 128) {
      status = PartitionStatus.FAILED;
      error =
          WorkerLauncher.JOB_LOST
              + ": its worker JVM "
              + child.pid()
              + " was killed by signal "
              + (code - 128)
              + "; launch it again to go on from its unfinished units";
    } else {
      status = PartitionStatus.FAILED;
      error =
          "the worker JVM "
              + child.pid()
              + " exited with code "
              + code
              + " without recording the partition's end"
              + (last.isEmpty() ? "" : ": " + last);
    }
    log.warn("Partition {} of run {}: {}", child.partitionNo(), child.runId(), error);
    partitions.markFinished(child.runId(), child.partitionNo(), status, error);
  }

  /**
   * The worker's heap ran out ({@code -XX:+ExitOnOutOfMemoryError}): launched again until that
   * happened {@code out-of-memory-attempts} times in a row, then given up with the setting to
   * raise. A worker killed by the kernel's OOM killer (SIGKILL) looks like any kill -9 and stays
   * {@link WorkerLauncher#JOB_LOST}; the heap limit below the machine's memory makes this end come
   * first.
   */
  private void outOfMemory(WorkerProcess child, String last) {
    String what =
        last.substring(last.indexOf("java.lang.OutOfMemoryError")) + " with " + jvm.heap();
    String remedy =
        "raise the worker heap (-Xmx in darkroom.launcher.process.jvm-options) for pipeline "
            + child.pipeline()
            + ", or run it with the kubernetes launcher and a larger resource profile memory;"
            + " then rerun the run's failed units";
    partitions
        .markOutOfMemory(child.runId(), child.partitionNo(), outOfMemoryAttempts, what, remedy)
        .ifPresent(
            n ->
                log.warn(
                    "Partition {} of run {}: worker JVM {} ran out of memory ({} of {} in a row)",
                    child.partitionNo(),
                    child.runId(),
                    child.pid(),
                    n,
                    outOfMemoryAttempts));
  }

  /** Returns as soon as the partition's worker JVM has exited, or after {@code timeout}. */
  @Override
  public PartitionProgress awaitProgress(PartitionHandle handle, Duration timeout)
      throws InterruptedException {
    WorkerProcess child = children.get(key(handle.runId(), handle.partitionNo()));
    if (child == null || !child.alive()) {
      return child == null ? WorkerLauncher.super.awaitProgress(handle, timeout) : progress(handle);
    }
    try {
      child.process().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      // the usual case: report progress and wait again
    } catch (ExecutionException impossible) {
      // onExit never completes exceptionally
    }
    return progress(handle);
  }

  /**
   * Marks the partition STOPPING and asks its job to stop ({@code JobOperator.stop}). A worker
   * still starting has no execution to stop yet: it sees STOPPING before it starts its job, and the
   * stop is asked again every second until its execution exists or it exits.
   */
  @Override
  public void stop(PartitionHandle handle) {
    long runId = handle.runId();
    int partitionNo = handle.partitionNo();
    WorkerProcess child = children.get(key(runId, partitionNo));
    if (child != null) {
      child.requestStop();
    }
    if (jobs.stop(runId, partitionNo) || child == null || !child.alive()) {
      return;
    }
    long deadline = System.nanoTime() + STOP_RETRY_FOR.toNanos();
    Runnable[] retry = new Runnable[1];
    retry[0] =
        () -> {
          try {
            if (child.alive() && !jobs.stop(runId, partitionNo) && System.nanoTime() < deadline) {
              stopper.schedule(retry[0], STOP_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
          } catch (RuntimeException e) {
            log.warn(
                "Could not ask partition {} of run {} to stop: {}",
                partitionNo,
                runId,
                e.toString());
          }
        };
    stopper.schedule(retry[0], STOP_RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Where the partition's worker log is, if it has one. */
  public PartitionLogs logs() {
    return logs;
  }

  /**
   * Stops every worker JVM still running (SIGTERM, then SIGKILL after the grace): a worker must not
   * outlive its server. Their partitions are relaunched from their unfinished units by the next
   * server.
   */
  @Override
  public void close() {
    stopper.shutdownNow();
    for (WorkerProcess child : children.values()) {
      if (child.alive()) {
        log.info(
            "Stopping worker JVM {} of partition {} of run {}",
            child.pid(),
            child.partitionNo(),
            child.runId());
        OrphanProcesses.stop(child.process().toHandle(), stopGrace);
      }
    }
  }

  private static String json(Map<String, String> properties) {
    try {
      return JSON.writeValueAsString(properties);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the worker's properties as JSON", e);
    }
  }

  private static String key(long runId, int partitionNo) {
    return runId + "/" + partitionNo;
  }

  private static PartitionHandle handle(long runId, int partitionNo, long pid) {
    return new PartitionHandle(NAME, runId, partitionNo, Long.toString(pid));
  }
}
