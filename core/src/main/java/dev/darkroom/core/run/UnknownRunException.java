package dev.darkroom.core.run;

/** No run has the given id. */
public class UnknownRunException extends RuntimeException {

  public UnknownRunException(long runId) {
    super("No run with id " + runId);
  }
}
