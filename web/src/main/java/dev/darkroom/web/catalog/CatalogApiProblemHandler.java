package dev.darkroom.web.catalog;

import static dev.darkroom.web.api.ApiProblemHandler.problem;

import dev.darkroom.core.asset.UnknownAssetException;
import dev.darkroom.core.collection.CollectionInUseException;
import dev.darkroom.core.collection.InvalidCollectionException;
import dev.darkroom.core.collection.UnknownCollectionException;
import dev.darkroom.core.lineage.UnknownArtifactException;
import dev.darkroom.core.query.QueryParseException;
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
 * RFC 9457 problem details for the {@link CatalogApi} controllers: their typed errors, and the bad
 * input for which Spring's defaults say too little (a non-numeric id, a missing parameter, a body
 * that is not the JSON expected). Every one is a 4xx whose {@code detail} says what to change.
 * Ordered first so that a catch-all elsewhere cannot turn these into something vaguer.
 */
@RestControllerAdvice(annotations = CatalogApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CatalogApiProblemHandler {

  @ExceptionHandler(QueryParseException.class)
  ProblemDetail badQuery(QueryParseException e) {
    ProblemDetail problem =
        problem(
            HttpStatus.BAD_REQUEST,
            "invalid-query",
            "The query does not parse",
            e.getMessage() + " (see docs/query-language.md)");
    problem.setProperty("column", e.column());
    problem.setProperty("expected", e.expected());
    problem.setProperty("found", e.found());
    return problem;
  }

  @ExceptionHandler(UnknownAssetException.class)
  ProblemDetail unknownAsset(UnknownAssetException e) {
    return problem(HttpStatus.NOT_FOUND, "unknown-asset", "No such asset", e.getMessage());
  }

  @ExceptionHandler(UnknownArtifactException.class)
  ProblemDetail unknownArtifact(UnknownArtifactException e) {
    return problem(HttpStatus.NOT_FOUND, "unknown-artifact", "No such artifact", e.getMessage());
  }

  @ExceptionHandler(UnknownCollectionException.class)
  ProblemDetail unknownCollection(UnknownCollectionException e) {
    return problem(
        HttpStatus.NOT_FOUND, "unknown-collection", "No such collection", e.getMessage());
  }

  @ExceptionHandler(InvalidCollectionException.class)
  ProblemDetail invalidCollection(InvalidCollectionException e) {
    return problem(
        HttpStatus.BAD_REQUEST, "invalid-collection", "Invalid collection", e.getMessage());
  }

  @ExceptionHandler(CollectionInUseException.class)
  ProblemDetail collectionInUse(CollectionInUseException e) {
    return problem(HttpStatus.CONFLICT, "collection-in-use", "Collection in use", e.getMessage());
  }

  @ExceptionHandler(NotFoundException.class)
  ProblemDetail notFound(NotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, e.type(), e.title(), e.getMessage());
  }

  @ExceptionHandler(BadParameterException.class)
  ProblemDetail badParameter(BadParameterException e) {
    ProblemDetail problem =
        problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", e.getMessage());
    problem.setProperty("parameter", e.parameter());
    return problem;
  }

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
