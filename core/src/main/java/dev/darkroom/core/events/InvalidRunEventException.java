package dev.darkroom.core.events;

/** A message that is not a run event of a schema this version understands. */
public class InvalidRunEventException extends RuntimeException {

  public InvalidRunEventException(String message) {
    super(message);
  }

  public InvalidRunEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
