package dev.darkroom.web.batchadmin;

/** No Batch job execution has this id. */
public class UnknownJobExecutionException extends RuntimeException {

  public UnknownJobExecutionException(long executionId) {
    super(
        "No job execution with id "
            + executionId
            + "; GET /api/batch/executions lists them, newest first");
  }
}
