package dev.darkroom.web.security;

import dev.darkroom.web.api.ProblemException;
import org.springframework.http.HttpStatus;

/** A token request that cannot be honoured as asked (blank name, expiry in the past...): a 400. */
public class InvalidApiTokenRequestException extends RuntimeException implements ProblemException {

  public InvalidApiTokenRequestException(String message) {
    super(message);
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.BAD_REQUEST;
  }

  @Override
  public String problemType() {
    return "invalid-token-request";
  }

  @Override
  public String problemTitle() {
    return "Invalid API token request";
  }
}
