package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionProgress.State;
import dev.darkroom.core.run.WorkerLauncher;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Jobs that live in memory, in place of the in-process launcher: a job completes after a number of
 * progress reads, unless the launcher holds jobs (they run until {@link #release()}), the partition
 * is set to fail on its first launch (a lost connection) or on some launches with a given error, or
 * it was asked to stop (it stops at the next read, a chunk boundary). Records launches, stops and
 * the most jobs running at once.
 */
final class FakeWorkerLauncher implements WorkerLauncher {

  private static final long UNITS = FakeRunPlanning.UNITS_PER_PARTITION;

  private final int readsToComplete;
  private final Set<Integer> failOnFirstLaunch = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Integer> failingLaunches = new ConcurrentHashMap<>();
  private final Map<Integer, String> failingErrors = new ConcurrentHashMap<>();
  private final AtomicInteger unreachableReads = new AtomicInteger();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final List<Integer> launches = new CopyOnWriteArrayList<>();
  private final List<Integer> stops = new CopyOnWriteArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile boolean holding;
  private int runningNow;
  private int mostRunning;

  FakeWorkerLauncher(int readsToComplete) {
    this.readsToComplete = readsToComplete;
  }

  FakeWorkerLauncher holdJobs() {
    holding = true;
    return this;
  }

  FakeWorkerLauncher failFirstLaunchOf(int partitionNo) {
    failOnFirstLaunch.add(partitionNo);
    return this;
  }

  /** The next {@code launches} jobs of the partition fail with {@code error}. */
  FakeWorkerLauncher failLaunchesOf(int partitionNo, int launches, String error) {
    failingLaunches.put(partitionNo, launches);
    failingErrors.put(partitionNo, error);
    return this;
  }

  /** The next {@code reads} progress reads throw as if PostgreSQL were down. */
  FakeWorkerLauncher databaseUnreachableFor(int reads) {
    unreachableReads.set(reads);
    return this;
  }

  /** Lets held jobs complete. */
  void release() {
    holding = false;
  }

  /** Stops every running job the way an operator would, outside the workflow. */
  synchronized void stopEveryJobFromOutside() {
    jobs.values().forEach(job -> job.stopRequested = true);
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public synchronized PartitionHandle launch(PartitionLaunch launch) {
    int partitionNo = launch.partitionNo();
    String error = failOnFirstLaunch.remove(partitionNo) ? "connection reset" : null;
    if (failingLaunches.getOrDefault(partitionNo, 0) > 0) {
      failingLaunches.merge(partitionNo, -1, Integer::sum);
      error = failingErrors.get(partitionNo);
    }
    String reference = "job-" + sequence.incrementAndGet();
    jobs.put(reference, new Job(error));
    launches.add(partitionNo);
    runningNow++;
    mostRunning = Math.max(mostRunning, runningNow);
    return new PartitionHandle(name(), launch.runId(), partitionNo, reference);
  }

  @Override
  public synchronized PartitionProgress progress(PartitionHandle handle) {
    if (unreachableReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new CannotGetJdbcConnectionException(
          "Failed to obtain JDBC connection", new SQLException("Connection refused", "08001"));
    }
    Job job = jobs.get(handle.reference());
    if (job.state == State.RUNNING) {
      job.reads++;
      if (job.stopRequested) {
        end(job, State.STOPPED, "stopped at a chunk boundary");
      } else if (job.failure != null) {
        end(job, State.FAILED, job.failure);
      } else if (!holding && job.reads >= readsToComplete) {
        end(job, State.COMPLETED, null);
      }
    }
    long done = job.state == State.COMPLETED ? UNITS : Math.min(UNITS, job.reads * 100L);
    return new PartitionProgress(job.state, UNITS, done, 0, job.error);
  }

  @Override
  public synchronized void stop(PartitionHandle handle) {
    stops.add(handle.partitionNo());
    jobs.get(handle.reference()).stopRequested = true;
  }

  private void end(Job job, State state, @Nullable String error) {
    job.state = state;
    job.error = error;
    runningNow--;
  }

  /** Partition numbers in launch order, a partition once per launch. */
  List<Integer> launches() {
    return List.copyOf(launches);
  }

  long launchesOf(int partitionNo) {
    return launches.stream().filter(p -> p == partitionNo).count();
  }

  List<Integer> stops() {
    return List.copyOf(stops);
  }

  synchronized int runningNow() {
    return runningNow;
  }

  synchronized int mostRunning() {
    return mostRunning;
  }

  private static final class Job {
    final @Nullable String failure;
    State state = State.RUNNING;
    int reads;
    boolean stopRequested;
    @Nullable String error;

    Job(@Nullable String failure) {
      this.failure = failure;
    }
  }
}
