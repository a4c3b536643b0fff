package dev.darkroom.web.batchadmin;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * An allowed action that did not take effect in time (a restart whose new execution did not
 * appear); the REST API answers 503, since trying again later is the remedy.
 */
public class BatchActionFailedException extends RuntimeException implements ProblemException {

  public BatchActionFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public BatchActionFailedException(String message) {
    super(message);
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.SERVICE_UNAVAILABLE;
  }

  @Override
  public String problemType() {
    return "batch-action-failed";
  }

  @Override
  public String problemTitle() {
    return "Action did not complete";
  }
}
