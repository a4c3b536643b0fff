package dev.darkroom.web.security;

/**
 * A token just created, with its secret: the only moment the secret exists on the server. Show it
 * once, never log or store it.
 */
public record NewApiToken(ApiToken token, String secret) {

  @Override
  public String toString() {
    return "NewApiToken[" + token + ", secret=(hidden)]";
  }
}
