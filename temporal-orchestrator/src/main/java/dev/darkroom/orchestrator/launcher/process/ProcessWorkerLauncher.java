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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every partition in a child JVM of this server, at most {@code workers} partitions at once; a
 * launch beyond that is refused with {@link PartitionBusyException} and retried by the
 * orchestrator.
 *
 * <p>By default a worker JVM is reused ({@code reuse-workers}, ADR 0028): it is started as {@code
 * java <jvm options> -cp <class path> WorkerMain serve [--settings]} and handed one partition at a
 * time on its standard input ({@link PartitionWorkerCommand#assignment}); it reports each end with
 * a line of its own ({@link PartitionWorkerCommand#endLine}) and then takes the next, until it has
 * been idle for {@code idle-timeout}. With {@code reuse-workers=false} each partition gets a JVM of
 * its own, {@code WorkerMain partition --run=R --partition=P --attempt=A ...} ({@link
 * PartitionWorkerCommand}), exactly the command of a Kubernetes Job. Either way a partition attempt
 * is its own Spring Batch job instance with the same job parameters.
 *
 * <p>The worker records its job's start and end in {@code run_partition} itself; progress is read
 * from PostgreSQL. The child's output goes to the server log, each line prefixed with the run and
 * partition it is running, and to a per-partition log file ({@link PartitionLogs}). An attempt that
 * ends without its end recorded (its JVM killed or crashed, its arguments refused) is noticed here
 * and its partition marked FAILED with the exit code and its last output line; one whose JVM was
 * killed by a signal is {@link WorkerLauncher#JOB_LOST}, relaunched from its unfinished units (in a
 * new JVM). {@link #stop} is {@code JobOperator.stop} in the shared job repository, which the
 * worker's step sees at its next chunk boundary. Children are started through {@link
 * ChildProcesses}, so they die with the server, and {@link #close} stops them.
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
  private final boolean reuseWorkers;
  private final Duration idleTimeout;

  /** Every attempt of this launcher by run and partition, the last one of each. */
  private final Map<String, PartitionAttempt> attempts = new ConcurrentHashMap<>();

  /** The worker JVMs started, alive or not yet noticed dead. */
  private final List<WorkerProcess> processes = new CopyOnWriteArrayList<>();

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
    this.reuseWorkers = properties.reuseWorkers();
    this.idleTimeout = properties.idleTimeout();
    if (reuseWorkers) {
      long every = Math.max(1, Math.min(idleTimeout.toMillis() / 2, 10_000));
      stopper.scheduleWithFixedDelay(this::retireIdleWorkers, every, every, TimeUnit.MILLISECONDS);
    }
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
    PartitionAttempt running = attempts.get(key);
    if (running != null && !running.isOver()) {
      // A retried launch while the first attempt still runs: watch that one.
      return handle(runId, partitionNo, running.pid());
    }
    long busy = attempts.values().stream().filter(a -> !a.isOver()).count();
    if (busy >= workers) {
      throw new PartitionBusyException(
          "the process launcher already runs "
              + busy
              + " partitions in worker JVMs (darkroom.launcher.process.workers); partition "
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
    PartitionAttempt next =
        new PartitionAttempt(
            runId, partitionNo, launch.pipelineId(), attempt, logs.file(runId, partitionNo));
    // RUNNING from now on, the previous error cleared: until the worker records its job, progress
    // must not read the last attempt's end.
    partitions.markLaunched(runId, partitionNo, NAME);
    WorkerProcess worker = reuseWorkers ? assignToIdle(launch, attempt, next) : null;
    if (worker == null) {
      try {
        worker = startWorker(launch, attempt, next);
      } catch (IOException | RuntimeException e) {
        String error = "cannot start a worker JVM (" + jvm.java() + "): " + e.getMessage();
        partitions.markFinished(runId, partitionNo, PartitionStatus.FAILED, error);
        throw new PartitionLaunchException(error, e);
      }
    }
    attempts.put(key, next);
    log.info(
        "Partition {} of run {} (attempt {}) runs in worker JVM {}; log {}",
        partitionNo,
        runId,
        attempt,
        worker.pid(),
        next.logFile());
    return handle(runId, partitionNo, worker.pid());
  }

  /**
   * Hands the attempt to an idle long-lived worker started with the launch's settings, if there is
   * one; null if not (or if the chosen one has just died, which then starts a new one).
   */
  private @Nullable WorkerProcess assignToIdle(
      PartitionLaunch launch, int attempt, PartitionAttempt next) {
    processes.removeIf(w -> !w.alive());
    for (WorkerProcess worker : processes) {
      if (worker.idle() && worker.settings().equals(launch.settings())) {
        try {
          worker.assign(next, PartitionWorkerCommand.assignment(launch, attempt));
          return worker;
        } catch (IOException e) {
          log.info(
              "Worker JVM {} could not take a partition ({}); starting another",
              worker.pid(),
              e.toString());
          OrphanProcesses.stop(worker.process().toHandle(), stopGrace);
          processes.remove(worker);
          return null;
        }
      }
    }
    return null;
  }

  private WorkerProcess startWorker(PartitionLaunch launch, int attempt, PartitionAttempt first)
      throws IOException {
    List<String> command = new ArrayList<>(jvm.command());
    if (reuseWorkers) {
      command.addAll(PartitionWorkerCommand.serveArguments(launch.settings()));
      // An idle worker with other settings holds a slot's memory: it makes room for this one.
      processes.removeIf(w -> !w.alive());
      while (processes.size() >= workers) {
        WorkerProcess idle =
            processes.stream().filter(WorkerProcess::idle).findFirst().orElse(null);
        if (idle == null) {
          break;
        }
        processes.remove(idle);
        idle.retire();
      }
    } else {
      command.addAll(PartitionWorkerCommand.arguments(launch, attempt));
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPRING_APPLICATION_JSON", json(workerProperties));
    builder.environment().put("DARKROOM_WORKER_LAUNCHER", NAME);
    Process process = ChildProcesses.start(builder);
    WorkerProcess worker = WorkerProcess.start(process, reuseWorkers, launch.settings(), first);
    processes.add(worker);
    if (reuseWorkers) {
      try {
        worker.assign(first, PartitionWorkerCommand.assignment(launch, attempt));
      } catch (IOException e) {
        // It died at once; its exit ends the attempt with its last output line as the error.
        log.debug("Worker JVM {} ended before its first partition: {}", worker.pid(), e.toString());
      }
    }
    return worker;
  }

  /** Retires long-lived workers idle for longer than {@code idle-timeout}. */
  private void retireIdleWorkers() {
    retireIdleWorkers(idleTimeout);
  }

  /**
   * Retires the reused worker JVMs that have been idle for longer than {@code idleFor} (all idle
   * ones for zero): their standard input is closed, so they close their Spring context and exit.
   * The benchmark calls it before each measured run, so every run pays its workers' start-up.
   *
   * @return the retired JVMs, to wait for their exit
   */
  public synchronized List<ProcessHandle> retireIdleWorkers(Duration idleFor) {
    processes.removeIf(w -> !w.alive());
    List<ProcessHandle> retired = new ArrayList<>();
    for (WorkerProcess worker : List.copyOf(processes)) {
      if (worker.longLived() && worker.idle() && worker.idleFor().compareTo(idleFor) >= 0) {
        log.info("Worker JVM {} idle for {}; retiring it", worker.pid(), worker.idleFor());
        processes.remove(worker);
        worker.retire();
        retired.add(worker.process().toHandle());
      }
    }
    return retired;
  }

  @Override
  public PartitionProgress progress(PartitionHandle handle) {
    long runId = handle.runId();
    int partitionNo = handle.partitionNo();
    PartitionProgress progress = jobs.progress(runId, partitionNo);
    if (progress.state() != PartitionProgress.State.RUNNING) {
      return progress;
    }
    PartitionAttempt attempt = attempts.get(key(runId, partitionNo));
    if (attempt != null && !attempt.isOver()) {
      return progress;
    }
    if (attempt != null) {
      // The worker records its end before it reports it or exits: read once more.
      progress = jobs.progress(runId, partitionNo);
      if (progress.state() != PartitionProgress.State.RUNNING) {
        return progress;
      }
      endedWithoutRecord(attempt);
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

  private void endedWithoutRecord(PartitionAttempt attempt) {
    PartitionAttempt.End end = attempt.end();
    int code = end.exitCode();
    String last = attempt.lastLine();
    PartitionStatus status;
    String error;
    if (!attempt.stopRequested()
        && end.jvmExited()
        && code == WorkerJvm.OUT_OF_MEMORY_EXIT
        && last.contains(WorkerJvm.OUT_OF_MEMORY_LINE)) {
      outOfMemory(attempt, last);
      return;
    }
    if (attempt.stopRequested()) {
      status = PartitionStatus.STOPPED;
      error =
          "stopped before its job started (worker JVM "
              + attempt.pid()
              + " ended it with "
              + code
              + ")";
    } else if (end.jvmExited() && code > 128) {
      status = PartitionStatus.FAILED;
      error =
          WorkerLauncher.JOB_LOST
              + ": its worker JVM "
              + attempt.pid()
              + " was killed by signal "
              + (code - 128)
              + "; launch it again to go on from its unfinished units";
    } else {
      status = PartitionStatus.FAILED;
      error =
          "the worker JVM "
              + attempt.pid()
              + (end.jvmExited() ? " exited with code " : " ended the partition with code ")
              + code
              + " without recording the partition's end"
              + (last.isEmpty() ? "" : ": " + last);
    }
    log.warn("Partition {} of run {}: {}", attempt.partitionNo(), attempt.runId(), error);
    partitions.markFinished(attempt.runId(), attempt.partitionNo(), status, error);
  }

  /**
   * The worker's heap ran out ({@code -XX:+ExitOnOutOfMemoryError}): launched again until that
   * happened {@code out-of-memory-attempts} times in a row, then given up with the setting to
   * raise. A worker killed by the kernel's OOM killer (SIGKILL) looks like any kill -9 and stays
   * {@link WorkerLauncher#JOB_LOST}; the heap limit below the machine's memory makes this end come
   * first.
   */
  private void outOfMemory(PartitionAttempt attempt, String last) {
    String what =
        last.substring(last.indexOf("java.lang.OutOfMemoryError")) + " with " + jvm.heap();
    String remedy =
        "raise the worker heap (-Xmx in darkroom.launcher.process.jvm-options) for pipeline "
            + attempt.pipeline()
            + ", or run it with the kubernetes launcher and a larger resource profile memory;"
            + " then rerun the run's failed units";
    partitions
        .markOutOfMemory(attempt.runId(), attempt.partitionNo(), outOfMemoryAttempts, what, remedy)
        .ifPresent(
            n ->
                log.warn(
                    "Partition {} of run {}: worker JVM {} ran out of memory ({} of {} in a row)",
                    attempt.partitionNo(),
                    attempt.runId(),
                    attempt.pid(),
                    n,
                    outOfMemoryAttempts));
  }

  /** Returns as soon as the partition's attempt has ended, or after {@code timeout}. */
  @Override
  public PartitionProgress awaitProgress(PartitionHandle handle, Duration timeout)
      throws InterruptedException {
    PartitionAttempt attempt = attempts.get(key(handle.runId(), handle.partitionNo()));
    if (attempt == null || attempt.isOver()) {
      return attempt == null
          ? WorkerLauncher.super.awaitProgress(handle, timeout)
          : progress(handle);
    }
    try {
      attempt.whenOver().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillRunning) {
      // the usual case: report progress and wait again
    } catch (ExecutionException impossible) {
      // an attempt's end never completes exceptionally
    }
    return progress(handle);
  }

  /**
   * Marks the partition STOPPING and asks its job to stop ({@code JobOperator.stop}). A worker
   * still starting has no execution to stop yet: it sees STOPPING before it starts its job, and the
   * stop is asked again every second until its execution exists or the attempt ends.
   */
  @Override
  public void stop(PartitionHandle handle) {
    long runId = handle.runId();
    int partitionNo = handle.partitionNo();
    PartitionAttempt attempt = attempts.get(key(runId, partitionNo));
    if (attempt != null) {
      attempt.requestStop();
    }
    if (jobs.stop(runId, partitionNo) || attempt == null || attempt.isOver()) {
      return;
    }
    long deadline = System.nanoTime() + STOP_RETRY_FOR.toNanos();
    Runnable[] retry = new Runnable[1];
    retry[0] =
        () -> {
          try {
            if (!attempt.isOver()
                && !jobs.stop(runId, partitionNo)
                && System.nanoTime() < deadline) {
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
    for (PartitionAttempt attempt : attempts.values()) {
      if (!attempt.isOver()) {
        log.info(
            "Stopping worker JVM {} of partition {} of run {}",
            attempt.pid(),
            attempt.partitionNo(),
            attempt.runId());
      }
    }
    for (WorkerProcess worker : processes) {
      if (worker.alive()) {
        OrphanProcesses.stop(worker.process().toHandle(), stopGrace);
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
