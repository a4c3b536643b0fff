package dev.darkroom.web.api;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Problem details for requests Spring MVC cannot bind, with messages that name the parameter or the
 * JSON field and say what is accepted (Spring's own say "Failed to convert value of type
 * java.lang.String to required type long"). The one wording for every API, through {@link
 * ApiProblemHandler}: a wrong or missing parameter names it in a {@code parameter} member.
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
    ProblemDetail problem =
        ApiProblemHandler.problem(
            HttpStatus.BAD_REQUEST,
            "invalid-parameter",
            "Invalid parameter",
            "'" + e.getName() + "' must be " + expected + ", not '" + shorten(e.getValue()) + "'");
    problem.setProperty("parameter", e.getName());
    return problem;
  }

  public static ProblemDetail missingParameter(MissingServletRequestParameterException e) {
    ProblemDetail problem =
        ApiProblemHandler.problem(
            HttpStatus.BAD_REQUEST,
            "missing-parameter",
            "Missing parameter",
            "the query parameter '" + e.getParameterName() + "' is required");
    problem.setProperty("parameter", e.getParameterName());
    return problem;
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
              + (target == null ? "" : ": expected " + describe(target))
              + (mismatch instanceof InvalidFormatException invalid
                  ? ", not '" + shorten(invalid.getValue()) + "'"
                  : "");
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

  /**
   * Spring MVC's other refusals (unknown route, wrong method, not acceptable, too large, invalid
   * fields), in Darkroom's problem types and words.
   */
  public static ProblemDetail springError(ErrorResponse error) {
    HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
    if (status == null) {
      status = HttpStatus.BAD_REQUEST;
    }
    if (error instanceof NoResourceFoundException || error instanceof NoHandlerFoundException) {
      return ApiProblemHandler.problem(
          HttpStatus.NOT_FOUND,
          "not-found",
          "Not found",
          "There is nothing at this path; /v3/api-docs lists the API's endpoints");
    }
    if (error instanceof HttpRequestMethodNotSupportedException method) {
      return ApiProblemHandler.problem(
          HttpStatus.METHOD_NOT_ALLOWED,
          "method-not-allowed",
          "Method not allowed",
          method.getMethod()
              + " is not supported here"
              + (method.getSupportedMethods() == null
                  ? ""
                  : "; this path takes " + String.join(", ", method.getSupportedMethods())));
    }
    if (error instanceof HttpMediaTypeNotAcceptableException notAcceptable) {
      return ApiProblemHandler.problem(
          HttpStatus.NOT_ACCEPTABLE,
          "not-acceptable",
          "Not acceptable",
          "This endpoint answers "
              + (notAcceptable.getSupportedMediaTypes().isEmpty()
                  ? "application/json"
                  : notAcceptable.getSupportedMediaTypes().stream()
                      .map(MediaType::toString)
                      .collect(Collectors.joining(", ")))
              + "; send a matching Accept header (or none)");
    }
    if (error instanceof MaxUploadSizeExceededException) {
      return ApiProblemHandler.problem(
          HttpStatus.PAYLOAD_TOO_LARGE,
          "payload-too-large",
          "Request body too large",
          "The request body is larger than the server accepts");
    }
    if (error instanceof MethodArgumentNotValidException invalid) {
      return ApiProblemHandler.problem(
          HttpStatus.BAD_REQUEST,
          "invalid-body",
          "Invalid request body",
          invalid.getBindingResult().getFieldErrors().stream()
              .map(field -> field.getField() + ": " + field.getDefaultMessage())
              .sorted()
              .collect(Collectors.joining("; ")));
    }
    String detail = error.getBody().getDetail();
    return ApiProblemHandler.problem(
        status,
        status.is4xxClientError() ? "bad-request" : "server-error",
        status.getReasonPhrase(),
        detail == null ? status.getReasonPhrase() : detail);
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
    if (target.isEnum()) {
      return "one of "
          + Arrays.stream(target.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (target == java.time.Instant.class) {
      return "an ISO-8601 instant such as 2027-01-01T00:00:00Z";
    }
    return target.getSimpleName();
  }

  /** A value as a client sent it, cut short: it is echoed in the detail. */
  private static String shorten(@Nullable Object value) {
    String text = String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
