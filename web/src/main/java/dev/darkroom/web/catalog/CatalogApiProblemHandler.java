package dev.darkroom.web.catalog;

import static dev.darkroom.web.api.ApiProblemHandler.problem;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.databind.DatabindException;

/**
 * The catalog API's wording ({@link CatalogApi} controllers) for input Spring MVC cannot bind: a
 * non-numeric id, a missing parameter, a body that is not the JSON expected, each with a {@code
 * parameter} member where one is named. Its typed errors are answered by the one shared {@link
 * dev.darkroom.web.api.ApiProblemHandler}. Ordered first, for these controllers only.
 */
@RestControllerAdvice(annotations = CatalogApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CatalogApiProblemHandler {

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    String expected =
        e.getRequiredType() == null
            ? "another value"
            : e.getRequiredType() == long.class || e.getRequiredType() == Long.class
                ? "a whole number"
                : e.getRequiredType() == int.class || e.getRequiredType() == Integer.class
                    ? "a whole number"
                    : "a " + e.getRequiredType().getSimpleName();
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            "invalid-parameter",
            "Invalid parameter",
            e.getName() + " must be " + expected + ", was '" + shorten(e.getValue()) + "'");
    problem.setProperty("parameter", e.getName());
    return problem;
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ProblemDetail missingParameter(MissingServletRequestParameterException e) {
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            "missing-parameter",
            "Missing parameter",
            "the parameter " + e.getParameterName() + " is required");
    problem.setProperty("parameter", e.getParameterName());
    return problem;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
    String where = "";
    String why = "it is missing or not valid JSON";
    if (e.getCause() instanceof DatabindException databind) {
      why = databind.getOriginalMessage();
      String path = databind.getPathReference();
      if (path != null && !path.isBlank()) {
        where = " (at " + path + ")";
      }
    }
    return problem(
        HttpStatus.BAD_REQUEST,
        "unreadable-body",
        "Unreadable request body",
        "The request body could not be read" + where + ": " + why);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ProblemDetail unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Unsupported media type",
        "send the body as application/json, not " + e.getContentType());
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
