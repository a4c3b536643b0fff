package dev.darkroom.web.batchadmin;

import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;

/** Which executions a list shows; a null field does not filter. */
public record ExecutionFilter(
    @Nullable String jobName, @Nullable BatchStatus status, @Nullable Long instanceId) {

  public static final ExecutionFilter ALL = new ExecutionFilter(null, null, null);
}
