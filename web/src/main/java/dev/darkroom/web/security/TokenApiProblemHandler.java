package dev.darkroom.web.security;

import static dev.darkroom.web.api.ApiProblemHandler.problem;

import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * The wording of {@code /api/tokens} for input Spring MVC cannot bind: every mistake in a request
 * is a 400 {@code invalid-token-request} that names the field and what it accepts. Unknown ids
 * (404) and refused requests implement {@link dev.darkroom.web.api.ProblemException} and are
 * answered by the one shared {@link dev.darkroom.web.api.ApiProblemHandler}.
 */
@RestControllerAdvice(assignableTypes = TokenApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class TokenApiProblemHandler {

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ProblemDetail invalidFields(MethodArgumentNotValidException e) {
    return badRequest(
        e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "))
            + ". Expected {\"name\": \"...\", \"role\": \"VIEWER\" or \"OPERATOR\","
            + " \"expiresAt\": \"2027-01-01T00:00:00Z\" (optional)}");
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    InvalidFormatException format = null;
    for (Throwable cause = e; cause != null && format == null; cause = cause.getCause()) {
      if (cause instanceof InvalidFormatException invalid) {
        format = invalid;
      }
    }
    if (format != null) {
      String field =
          format.getPath().stream()
              .map(JacksonException.Reference::getPropertyName)
              .filter(name -> name != null)
              .collect(Collectors.joining("."));
      Class<?> target = format.getTargetType();
      String accepted =
          target.isEnum()
              ? "one of " + Arrays.toString(target.getEnumConstants())
              : target == Instant.class
                  ? "an ISO-8601 instant such as 2027-01-01T00:00:00Z"
                  : "a " + target.getSimpleName();
      return badRequest(field + ": '" + format.getValue() + "' is not " + accepted);
    }
    return badRequest(
        "The request body is not the JSON this endpoint expects: {\"name\": \"...\", \"role\":"
            + " \"VIEWER\" or \"OPERATOR\", \"expiresAt\": \"2027-01-01T00:00:00Z\" (optional)}");
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail badPathVariable(MethodArgumentTypeMismatchException e) {
    return badRequest(
        "A token id is a number, as in /api/tokens/42; '" + e.getValue() + "' is not");
  }

  private static ProblemDetail badRequest(String detail) {
    return problem(
        HttpStatus.BAD_REQUEST, "invalid-token-request", "Invalid API token request", detail);
  }
}
