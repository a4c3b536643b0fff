package dev.darkroom.web.api;

import dev.darkroom.batch.scan.NoArchiveRootsException;
import dev.darkroom.core.catalog.ScanAlreadyRunningException;
import dev.darkroom.core.run.IllegalRunTransitionException;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.orchestrator.run.RunAlreadyCompletedException;
import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns Darkroom's typed errors into RFC 9457 problem details for the REST API. Every error a user
 * can cause is a 4xx whose {@code detail} says what to change; the {@code type} names the error
 * class so clients can branch without parsing text. Feature packages add their own handlers for
 * their own exceptions; this one covers the errors shared by several endpoints.
 */
@RestControllerAdvice(basePackages = "dev.darkroom.web")
public class ApiProblemHandler {

  /** The base of every problem {@code type} URI; the suffix is documented in docs/api.md. */
  public static final String TYPE_BASE = "https://darkroom.dev/problems/";

  public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_BASE + type));
    problem.setTitle(title);
    return problem;
  }

  @ExceptionHandler(UnknownRunException.class)
  ProblemDetail unknownRun(UnknownRunException e) {
    return problem(HttpStatus.NOT_FOUND, "unknown-run", "No such run", e.getMessage());
  }

  @ExceptionHandler(InvalidRunRequestException.class)
  ProblemDetail invalidRun(InvalidRunRequestException e) {
    return problem(
        HttpStatus.BAD_REQUEST, "invalid-run-request", "Invalid run request", e.getMessage());
  }

  @ExceptionHandler({IllegalRunTransitionException.class, RunAlreadyCompletedException.class})
  ProblemDetail illegalTransition(RuntimeException e) {
    return problem(
        HttpStatus.CONFLICT,
        "illegal-run-transition",
        "Not possible in this state",
        e.getMessage());
  }

  @ExceptionHandler(ScanAlreadyRunningException.class)
  ProblemDetail scanRunning(ScanAlreadyRunningException e) {
    return problem(
        HttpStatus.CONFLICT, "scan-already-running", "A scan is already running", e.getMessage());
  }

  @ExceptionHandler(NoArchiveRootsException.class)
  ProblemDetail noRoots(NoArchiveRootsException e) {
    return problem(HttpStatus.BAD_REQUEST, "no-archive-roots", "No archive roots", e.getMessage());
  }

  @ExceptionHandler(ArtifactNotFoundException.class)
  ProblemDetail artifactMissing(ArtifactNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "artifact-not-found", "No such artifact", e.getMessage());
  }

  /** Temporal is down or restarting: answered at once, with when to try again. */
  @ExceptionHandler(TemporalUnavailableException.class)
  ResponseEntity<ProblemDetail> temporalUnavailable(TemporalUnavailableException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(
            HttpHeaders.RETRY_AFTER,
            Long.toString(TemporalUnavailableException.RETRY_AFTER.toSeconds()))
        .body(
            problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "temporal-unavailable",
                "Temporal is not reachable",
                e.getMessage()));
  }

  /** Unknown pipeline/tool, bad tool parameters, bad artifact keys: all argument errors. */
  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badArgument(IllegalArgumentException e) {
    return problem(HttpStatus.BAD_REQUEST, "invalid-argument", "Invalid request", e.getMessage());
  }
}
