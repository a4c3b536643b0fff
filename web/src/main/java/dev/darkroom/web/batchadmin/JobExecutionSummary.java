package dev.darkroom.web.batchadmin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * One job execution as the lists show it. Times are those Spring Batch recorded; {@code
 * durationMillis} runs to now for an execution that has not ended, and is null before it started.
 * {@code exitDescription} is cut to {@value BatchAdminRepository#LIST_EXIT_DESCRIPTION} characters
 * in lists; the execution's detail has all of it.
 */
public record JobExecutionSummary(
    long id,
    long instanceId,
    String jobName,
    BatchStatus status,
    Instant createTime,
    @Nullable Instant startTime,
    @Nullable Instant endTime,
    @Nullable Long durationMillis,
    String exitCode,
    String exitDescription,
    @Nullable ExecutionOwner owner) {

  public boolean running() {
    return status.isRunning();
  }
}
