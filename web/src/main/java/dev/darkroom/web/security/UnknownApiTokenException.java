package dev.darkroom.web.security;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/** An API token id that does not exist (or never did): a 404 for the REST API. */
public class UnknownApiTokenException extends RuntimeException implements ProblemException {

  public UnknownApiTokenException(long id) {
    super("No API token with id " + id + "; GET /api/tokens lists the existing ones");
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.NOT_FOUND;
  }

  @Override
  public String problemType() {
    return "unknown-api-token";
  }

  @Override
  public String problemTitle() {
    return "No such API token";
  }
}
