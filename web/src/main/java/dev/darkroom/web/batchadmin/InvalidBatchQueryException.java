package dev.darkroom.web.batchadmin;

/** A list request with a bad filter, cursor or page size; the REST API answers 400. */
public class InvalidBatchQueryException extends IllegalArgumentException {

  public InvalidBatchQueryException(String message) {
    super(message);
  }
}
