package dev.darkroom.web.batchadmin;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/** No Batch job execution has this id. */
public class UnknownJobExecutionException extends RuntimeException implements ProblemException {

  public UnknownJobExecutionException(long executionId) {
    super(
        "No job execution with id "
            + executionId
            + "; GET /api/batch/executions lists them, newest first");
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.NOT_FOUND;
  }

  @Override
  public String problemType() {
    return "unknown-job-execution";
  }

  @Override
  public String problemTitle() {
    return "No such job execution";
  }
}
