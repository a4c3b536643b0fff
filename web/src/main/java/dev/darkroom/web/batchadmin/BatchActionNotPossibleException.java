package dev.darkroom.web.batchadmin;

import org.springframework.batch.core.BatchStatus;

/**
 * An action (stop, restart, abandon) that the execution's state, or its owner's, does not allow.
 * The message says why and what to do instead; the REST API answers 409.
 */
public class BatchActionNotPossibleException extends RuntimeException {

  private final String action;
  private final long executionId;
  private final BatchStatus status;

  public BatchActionNotPossibleException(
      String action, long executionId, BatchStatus status, String reason) {
    super(reason);
    this.action = action;
    this.executionId = executionId;
    this.status = status;
  }

  public String action() {
    return action;
  }

  public long executionId() {
    return executionId;
  }

  public BatchStatus status() {
    return status;
  }
}
