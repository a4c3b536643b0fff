package dev.darkroom.core.run;

import java.time.Duration;

/**
 * Starts and watches the Spring Batch job of one partition. One port, several adapters (in-process
 * {@code JobOperator}, a worker process, a Kubernetes Job) taking the same {@link PartitionLaunch}.
 *
 * <p>{@link #launch} returns once the job is started; a partition that ran before goes on from its
 * unfinished units, not from scratch. Progress is read from PostgreSQL, the truth, so it is right
 * whichever process runs the job. Thread-safe.
 */
public interface WorkerLauncher {

  /**
   * Begins the recorded error of a partition whose job is gone without recording its end (its
   * process died, or the database was away when it ended): launching it again is all it needs.
   */
  String JOB_LOST = "the partition's job is not running any more";

  /**
   * Begins the recorded error of an attempt whose worker ran out of memory (a pod OOMKilled, a
   * worker JVM's OutOfMemoryError) fewer than {@code darkroom.runs.out-of-memory-attempts} times in
   * a row: it is launched again, like a lost job ({@link PartitionRepository#markOutOfMemory}).
   */
  String OUT_OF_MEMORY = "its worker ran out of memory";

  /**
   * Begins the recorded error of a partition whose worker ran out of memory {@code
   * darkroom.runs.out-of-memory-attempts} times in a row: it is not launched again, the rest of the
   * message says which setting to raise.
   */
  String OUT_OF_MEMORY_GIVEN_UP = "given up, its worker ran out of memory";

  /** {@code in-process}, {@code process} or {@code kubernetes}. */
  String name();

  /**
   * Starts (or restarts) the partition's job.
   *
   * @throws PartitionLaunchException when the job cannot be started; the message says why
   */
  PartitionHandle launch(PartitionLaunch launch);

  /** The partition's committed progress and state. */
  PartitionProgress progress(PartitionHandle handle);

  /**
   * Waits until the partition's job has ended or {@code timeout} has passed, whichever comes first,
   * then returns its {@link #progress}. The default waits the whole timeout; a launcher that learns
   * when a job ends (the in-process one) returns at once, so the orchestrator can launch the next
   * partition without waiting for its next poll.
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  default PartitionProgress awaitProgress(PartitionHandle handle, Duration timeout)
      throws InterruptedException {
    Thread.sleep(timeout.toMillis());
    return progress(handle);
  }

  /** Asks the job to stop at the next chunk boundary; returns at once. */
  void stop(PartitionHandle handle);
}
