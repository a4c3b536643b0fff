package dev.darkroom.web.runs;

import dev.darkroom.batch.preflight.RunPreflightException;
import dev.darkroom.orchestrator.run.RunStartFailedException;
import dev.darkroom.web.api.ApiProblemHandler;
import dev.darkroom.web.api.RequestProblems;
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

/**
 * Problem details of the runs API beyond the shared ones of {@link ApiProblemHandler}. Ordered
 * first: a bad path variable's cause is a {@link NumberFormatException}, which the shared handler
 * would otherwise answer with Java's own wording.
 */
@RestControllerAdvice(assignableTypes = RunsApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RunsApiProblems {

  @ExceptionHandler(RunStateConflictException.class)
  ProblemDetail conflict(RunStateConflictException e) {
    return ApiProblemHandler.problem(
        HttpStatus.CONFLICT,
        "illegal-run-transition",
        "Not possible in this state",
        e.getMessage());
  }

  /** The run's workers could not do the work here (a root not mounted…): fix that, then retry. */
  @ExceptionHandler(RunPreflightException.class)
  ProblemDetail preflight(RunPreflightException e) {
    ProblemDetail problem =
        ApiProblemHandler.problem(
            HttpStatus.CONFLICT, "run-preflight-failed", "The run cannot run here", e.getMessage());
    problem.setProperty("problems", e.problems());
    return problem;
  }

  @ExceptionHandler(RunStartFailedException.class)
  ProblemDetail startFailed(RunStartFailedException e) {
    return ApiProblemHandler.problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "run-start-failed",
        "The run could not start",
        e.getMessage());
  }

  @ExceptionHandler(TooManyStreamsException.class)
  ProblemDetail tooManyStreams(TooManyStreamsException e) {
    return ApiProblemHandler.problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        "too-many-streams",
        "Too many live streams",
        e.getMessage());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
    return RequestProblems.typeMismatch(e);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ProblemDetail missingParameter(MissingServletRequestParameterException e) {
    return RequestProblems.missingParameter(e);
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
