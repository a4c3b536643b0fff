package dev.darkroom.web.api;

import java.io.IOException;
import org.springframework.http.HttpStatus;

/** A request body over {@code darkroom.web.api.max-body-size}: a 413 problem. */
final class BodyTooLargeException extends IOException implements ProblemException {

  BodyTooLargeException(long limit) {
    super(
        "The request body is larger than the "
            + limit
            + " bytes the API accepts (darkroom.web.api.max-body-size)");
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.CONTENT_TOO_LARGE;
  }

  @Override
  public String problemType() {
    return "payload-too-large";
  }

  @Override
  public String problemTitle() {
    return "Request body too large";
  }
}
