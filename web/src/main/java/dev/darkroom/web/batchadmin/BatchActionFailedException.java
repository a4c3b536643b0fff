package dev.darkroom.web.batchadmin;

/**
 * An allowed action that did not take effect in time (a restart whose new execution did not
 * appear); the REST API answers 503, since trying again later is the remedy.
 */
public class BatchActionFailedException extends RuntimeException {

  public BatchActionFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public BatchActionFailedException(String message) {
    super(message);
  }
}
