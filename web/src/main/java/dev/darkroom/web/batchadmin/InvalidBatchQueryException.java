package dev.darkroom.web.batchadmin;

/**
 * A list request with a bad filter, cursor or page size; the REST API answers 400 {@code
 * invalid-parameter} naming the {@link #parameter()}, as the catalog endpoints do.
 */
public class InvalidBatchQueryException extends IllegalArgumentException {

  private final String parameter;

  public InvalidBatchQueryException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
