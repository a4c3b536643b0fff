package dev.darkroom.web.batchadmin;

import dev.darkroom.web.api.ProblemException;
import java.util.Map;
import org.springframework.batch.core.BatchStatus;
import org.springframework.http.HttpStatus;

/**
 * An action (stop, restart, abandon) that the execution's state, or its owner's, does not allow.
 * The message says why and what to do instead; the REST API answers 409.
 */
public class BatchActionNotPossibleException extends RuntimeException implements ProblemException {

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

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String problemType() {
    return "batch-action-not-possible";
  }

  @Override
  public String problemTitle() {
    return "Not possible in this execution's state";
  }

  @Override
  public Map<String, Object> problemProperties() {
    return Map.of("action", action, "executionId", executionId, "executionStatus", status.name());
  }
}
