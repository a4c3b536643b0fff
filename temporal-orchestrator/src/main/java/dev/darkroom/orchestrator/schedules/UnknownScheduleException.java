package dev.darkroom.orchestrator.schedules;

/** No schedule has this id. */
public class UnknownScheduleException extends RuntimeException {

  public UnknownScheduleException(long id) {
    super("no schedule has id " + id);
  }
}
