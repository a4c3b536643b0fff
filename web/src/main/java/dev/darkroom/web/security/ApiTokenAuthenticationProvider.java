package dev.darkroom.web.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/** Authenticates {@link ApiTokenAuthentication}s against {@link ApiTokens}. */
final class ApiTokenAuthenticationProvider implements AuthenticationProvider {

  private final ApiTokens tokens;

  ApiTokenAuthenticationProvider(ApiTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    Object secret = authentication.getCredentials();
    if (!(secret instanceof String token)) {
      throw new InvalidApiTokenException(
          InvalidApiTokenException.Reason.UNKNOWN, "The bearer token is missing");
    }
    return ApiTokenAuthentication.authenticated(tokens.authenticate(token));
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return ApiTokenAuthentication.class.isAssignableFrom(authentication);
  }
}
