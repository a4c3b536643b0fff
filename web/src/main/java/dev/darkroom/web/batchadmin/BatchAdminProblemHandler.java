package dev.darkroom.web.batchadmin;

import static dev.darkroom.web.api.ApiProblemHandler.problem;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Problem details for the Batch admin API: unknown ids and job names are 404, an action the
 * execution's state does not allow is 409 (with {@code action}, {@code executionId} and {@code
 * executionStatus} as extra members; {@code status} stays the HTTP status), bad filters, cursors,
 * limits and ids are 400 with what to send instead. Ahead of the shared handler, for this API's
 * controller only.
 */
@RestControllerAdvice(assignableTypes = BatchAdminApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class BatchAdminProblemHandler {

  @ExceptionHandler(UnknownJobExecutionException.class)
  ProblemDetail unknownExecution(UnknownJobExecutionException e) {
    return problem(
        HttpStatus.NOT_FOUND, "unknown-job-execution", "No such job execution", e.getMessage());
  }

  @ExceptionHandler(UnknownJobInstanceException.class)
  ProblemDetail unknownInstance(UnknownJobInstanceException e) {
    return problem(
        HttpStatus.NOT_FOUND, "unknown-job-instance", "No such job instance", e.getMessage());
  }

  @ExceptionHandler(UnknownBatchJobException.class)
  ProblemDetail unknownJob(UnknownBatchJobException e) {
    return problem(HttpStatus.NOT_FOUND, "unknown-batch-job", "No such job", e.getMessage());
  }

  @ExceptionHandler(BatchActionNotPossibleException.class)
  ProblemDetail notPossible(BatchActionNotPossibleException e) {
    ProblemDetail problem =
        problem(
            HttpStatus.CONFLICT,
            "batch-action-not-possible",
            "Not possible in this execution's state",
            e.getMessage());
    problem.setProperty("action", e.action());
    problem.setProperty("executionId", e.executionId());
    problem.setProperty("executionStatus", e.status().name());
    return problem;
  }

  @ExceptionHandler(BatchActionFailedException.class)
  ProblemDetail failed(BatchActionFailedException e) {
    return problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "batch-action-failed",
        "Action did not complete",
        e.getMessage());
  }

  @ExceptionHandler(InvalidBatchQueryException.class)
  ProblemDetail invalid(InvalidBatchQueryException e) {
    return invalidParameter(e.parameter(), e.getMessage());
  }

  /** {@code /executions/abc}, {@code limit=ten}, {@code instance=x}. */
  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getRequiredType();
    String expected =
        type != null && (type == long.class || type == Long.class || type == int.class)
            ? "a whole number"
            : "a " + (type == null ? "value" : type.getSimpleName());
    return invalidParameter(
        e.getName(), e.getName() + " must be " + expected + ", not '" + e.getValue() + "'");
  }

  /** The catalog endpoints' shape for the same mistake: type, title and a parameter member. */
  private static ProblemDetail invalidParameter(String parameter, String detail) {
    ProblemDetail problem =
        problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", detail);
    problem.setProperty("parameter", parameter);
    return problem;
  }
}
