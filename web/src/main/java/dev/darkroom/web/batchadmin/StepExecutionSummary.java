package dev.darkroom.web.batchadmin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/** One step execution with Spring Batch's counters, as recorded at its last chunk commit. */
public record StepExecutionSummary(
    long id,
    String name,
    BatchStatus status,
    @Nullable Instant startTime,
    @Nullable Instant endTime,
    @Nullable Long durationMillis,
    long readCount,
    long writeCount,
    long filterCount,
    long readSkipCount,
    long processSkipCount,
    long writeSkipCount,
    long commitCount,
    long rollbackCount,
    String exitCode,
    String exitDescription) {

  public long skipCount() {
    return readSkipCount + processSkipCount + writeSkipCount;
  }
}
