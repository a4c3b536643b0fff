package dev.darkroom.batch.pipeline;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Puts the run id and partition number into the logging context (MDC keys {@value #RUN_ID} and
 * {@value #PARTITION}) of the thread that runs a partition's job, so every line the job logs can be
 * found by run, also in structured (JSON) logs.
 */
final class RunLogContext implements JobExecutionListener {

  static final String RUN_ID = "runId";
  static final String PARTITION = "partition";

  private final long runId;
  private final int partitionNo;

  RunLogContext(long runId, int partitionNo) {
    this.runId = runId;
    this.partitionNo = partitionNo;
  }

  /** What the thread's context held before the job, put back after it (a launcher may set it). */
  private @Nullable String previousRunId;

  private @Nullable String previousPartition;

  @Override
  public void beforeJob(JobExecution execution) {
    previousRunId = MDC.get(RUN_ID);
    previousPartition = MDC.get(PARTITION);
    MDC.put(RUN_ID, Long.toString(runId));
    MDC.put(PARTITION, Integer.toString(partitionNo));
  }

  @Override
  public void afterJob(JobExecution execution) {
    restore(RUN_ID, previousRunId);
    restore(PARTITION, previousPartition);
  }

  private static void restore(String key, @Nullable String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
