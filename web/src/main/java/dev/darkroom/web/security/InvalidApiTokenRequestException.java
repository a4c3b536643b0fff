package dev.darkroom.web.security;

/** A token request that cannot be honoured as asked (blank name, expiry in the past...): a 400. */
public class InvalidApiTokenRequestException extends RuntimeException {

  public InvalidApiTokenRequestException(String message) {
    super(message);
  }
}
