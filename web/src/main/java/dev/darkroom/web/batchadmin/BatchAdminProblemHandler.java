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
 * The Batch admin API's wording for a path variable or parameter of the wrong type ({@code
 * /executions/abc}: 400 {@code invalid-parameter} with a {@code parameter} member). Its typed
 * errors (unknown ids 404, impossible actions 409 with {@code action}, {@code executionId} and
 * {@code executionStatus}) implement {@link dev.darkroom.web.api.ProblemException} and are answered
 * by the one shared {@link dev.darkroom.web.api.ApiProblemHandler}.
 */
@RestControllerAdvice(assignableTypes = BatchAdminApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class BatchAdminProblemHandler {

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
