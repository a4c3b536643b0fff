package dev.darkroom.core.run;

/**
 * A run request that cannot become a run: an unknown collection, a query that does not parse, an
 * unknown pipeline, invalid tool parameters. The message says what to change.
 */
public class InvalidRunRequestException extends RuntimeException {

  public InvalidRunRequestException(String message) {
    super(message);
  }

  public InvalidRunRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
