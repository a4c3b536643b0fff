package dev.darkroom.web.runs;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/** Every live stream is taken (HTTP 503); {@code darkroom.web.sse.max-streams} bounds them. */
class TooManyStreamsException extends RuntimeException implements ProblemException {

  TooManyStreamsException(int max) {
    super(
        "all "
            + max
            + " live streams are open; close other dashboard tabs or event clients, or raise"
            + " darkroom.web.sse.max-streams");
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.SERVICE_UNAVAILABLE;
  }

  @Override
  public String problemType() {
    return "too-many-streams";
  }

  @Override
  public String problemTitle() {
    return "Too many live streams";
  }
}
