package dev.darkroom.batch.duplicates;

/** An aggregate step's job ended FAILED; the message says why, {@code aggregate_step} too. */
public class AggregateStepFailedException extends RuntimeException {

  public AggregateStepFailedException(String message) {
    super(message);
  }
}
