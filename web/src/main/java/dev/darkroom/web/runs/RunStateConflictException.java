package dev.darkroom.web.runs;

/** What was asked of a run is not possible in its current state (HTTP 409). */
class RunStateConflictException extends RuntimeException {

  RunStateConflictException(String message) {
    super(message);
  }
}
