package dev.darkroom.web.api;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Problem details for requests Spring MVC cannot bind, with messages that name the parameter or the
 * JSON field and say what is accepted (Spring's own say "Failed to convert value of type
 * java.lang.String to required type long"). For feature advices to delegate to.
 */
public final class RequestProblems {

  private RequestProblems() {}

  /**
   * A path variable or query parameter of the wrong type: {@code /api/runs/abc}, {@code ?status=X}.
   */
  public static ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    Class<?> type = e.getRequiredType();
    String expected;
    if (type != null && type.isEnum()) {
      expected =
          "one of "
              + Arrays.stream(type.getEnumConstants())
                  .map(String::valueOf)
                  .collect(Collectors.joining(", "));
    } else if (type != null
        && (type == long.class
            || type == Long.class
            || type == int.class
            || type == Integer.class)) {
      expected = "a whole number";
    } else if (type != null && (type == boolean.class || type == Boolean.class)) {
      expected = "true or false";
    } else {
      expected = "a " + (type == null ? "different value" : type.getSimpleName());
    }
    return ApiProblemHandler.problem(
        HttpStatus.BAD_REQUEST,
        "invalid-parameter",
        "Invalid parameter",
        "'" + e.getName() + "' must be " + expected + ", not '" + e.getValue() + "'");
  }

  public static ProblemDetail missingParameter(MissingServletRequestParameterException e) {
    return ApiProblemHandler.problem(
        HttpStatus.BAD_REQUEST,
        "invalid-parameter",
        "Missing parameter",
        "the query parameter '" + e.getParameterName() + "' is required");
  }

  /** A body that is missing, is not JSON, or has a field of the wrong type. */
  public static ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    String detail;
    if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      Class<?> target = mismatch.getTargetType();
      detail =
          "'"
              + path(mismatch)
              + "' has the wrong type"
              + (target == null ? "" : ": expected " + describe(target));
    } else if (cause instanceof JacksonException json) {
      detail =
          "the body is not valid JSON: "
              + json.getOriginalMessage()
              + (json.getLocation() == null
                  ? ""
                  : " (line "
                      + json.getLocation().getLineNr()
                      + ", column "
                      + json.getLocation().getColumnNr()
                      + ")");
    } else {
      detail = "a JSON body is required (Content-Type: application/json)";
    }
    return ApiProblemHandler.problem(
        HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body", detail);
  }

  public static ProblemDetail unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
    return ApiProblemHandler.problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Unsupported media type",
        "send the body as JSON with Content-Type: application/json"
            + (e.getContentType() == null ? "" : ", not " + e.getContentType()));
  }

  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(Class<?> target) {
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class) {
      return "a whole number";
    }
    if (target == Double.class || target == double.class) {
      return "a number";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "true or false";
    }
    if (target == String.class) {
      return "a string";
    }
    if (java.util.Map.class.isAssignableFrom(target) || target.isRecord()) {
      return "an object";
    }
    return target.getSimpleName();
  }
}
