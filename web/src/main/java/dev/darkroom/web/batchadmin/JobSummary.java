package dev.darkroom.web.batchadmin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * One Batch job name with its instance and execution counts and its newest execution. The last-*
 * fields are null only for a job whose instances have no execution (a launch that died between
 * creating the instance and the execution).
 */
public record JobSummary(
    String name,
    long instanceCount,
    long executionCount,
    @Nullable Long lastExecutionId,
    @Nullable BatchStatus lastStatus,
    @Nullable Instant lastStartTime,
    @Nullable Instant lastEndTime) {}
