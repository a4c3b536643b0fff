package dev.darkroom.web.runs;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/** What was asked of a run is not possible in its current state (HTTP 409). */
class RunStateConflictException extends RuntimeException implements ProblemException {

  RunStateConflictException(String message) {
    super(message);
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.CONFLICT;
  }

  @Override
  public String problemType() {
    return "illegal-run-transition";
  }

  @Override
  public String problemTitle() {
    return "Not possible in this state";
  }
}
