package dev.darkroom.web.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A bearer request: unauthenticated it holds the secret from the header; authenticated it holds the
 * {@link ApiTokenPrincipal} and the token role's authorities, and no longer the secret.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

  private final @Nullable String secret;
  private final @Nullable ApiTokenPrincipal principal;

  private ApiTokenAuthentication(String secret) {
    super(List.of());
    this.secret = secret;
    this.principal = null;
    setAuthenticated(false);
  }

  private ApiTokenAuthentication(ApiTokenPrincipal principal) {
    super(principal.role().role().grantedAuthorities());
    this.secret = null;
    this.principal = principal;
    setAuthenticated(true);
  }

  static ApiTokenAuthentication unauthenticated(String secret) {
    return new ApiTokenAuthentication(secret);
  }

  static ApiTokenAuthentication authenticated(ApiToken token) {
    return new ApiTokenAuthentication(
        new ApiTokenPrincipal(token.id(), token.name(), token.role()));
  }

  @Override
  public @Nullable Object getCredentials() {
    return secret;
  }

  @Override
  public @Nullable Object getPrincipal() {
    return principal == null ? "bearer token" : principal;
  }

  @Override
  public String getName() {
    return principal == null ? "bearer token" : principal.getName();
  }
}
