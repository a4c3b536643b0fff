package dev.darkroom.web.security;

import org.springframework.security.core.AuthenticationException;

/**
 * A bearer token that does not authenticate: unknown, malformed, expired or revoked. The message
 * tells the client what to do and goes into the 401 problem detail; it never contains the token.
 */
public class InvalidApiTokenException extends AuthenticationException {

  private final Reason reason;

  /** Why the token was refused. */
  public enum Reason {
    UNKNOWN,
    EXPIRED,
    REVOKED
  }

  public InvalidApiTokenException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
