package dev.darkroom.orchestrator.schedules;

/** A schedule definition that cannot be kept: the message names the field and what would do. */
public class InvalidScheduleException extends RuntimeException {

  public InvalidScheduleException(String message) {
    super(message);
  }

  public InvalidScheduleException(String message, Throwable cause) {
    super(message, cause);
  }
}
