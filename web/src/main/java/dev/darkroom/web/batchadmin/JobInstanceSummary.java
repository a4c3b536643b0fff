package dev.darkroom.web.batchadmin;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/**
 * A job instance (one set of identifying parameters: for {@code pipeline} a run partition, for
 * {@code scan} a scan) with its execution count and newest execution. The last-* fields are null
 * for an instance without executions.
 */
public record JobInstanceSummary(
    long id,
    String jobName,
    long executionCount,
    @Nullable Long lastExecutionId,
    @Nullable BatchStatus lastStatus,
    @Nullable Instant lastStartTime,
    @Nullable Instant lastEndTime,
    @Nullable ExecutionOwner owner) {}
