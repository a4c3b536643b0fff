package dev.darkroom.web.scans;

import dev.darkroom.storage.archive.ArchiveRootNotMountedException;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.api.RequestProblems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Problem details of the scans API beyond the shared ones (scan running, no roots). */
@RestControllerAdvice(assignableTypes = ScansApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScansApiProblems {

  @ExceptionHandler(UnknownScanException.class)
  ProblemDetail unknown(UnknownScanException e) {
    return ApiProblemHandler.problem(
        HttpStatus.NOT_FOUND, "unknown-scan", "No such scan", e.getMessage());
  }

  /** The server's archive is not there: nothing the request can change, but not a server bug. */
  @ExceptionHandler(ArchiveRootNotMountedException.class)
  ProblemDetail notMounted(ArchiveRootNotMountedException e) {
    return ApiProblemHandler.problem(
        HttpStatus.CONFLICT,
        "archive-root-not-mounted",
        "Archive root not mounted",
        e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return RequestProblems.typeMismatch(e);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    return RequestProblems.unreadableBody(e);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ProblemDetail mediaType(HttpMediaTypeNotSupportedException e) {
    return RequestProblems.unsupportedMediaType(e);
  }
}
