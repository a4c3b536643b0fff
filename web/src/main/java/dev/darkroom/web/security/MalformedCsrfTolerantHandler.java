package dev.darkroom.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

/**
 * Spring Security's default CSRF handling (tokens masked with a fresh random XOR on every page, so
 * the meta tag and hidden fields never repeat a value), except that a tampered token is refused
 * with a 403 like any wrong token. In Spring Security 7.1.2 a token of the right length whose
 * unmasked bytes are not UTF-8 throws {@code IllegalArgumentException} out of the filter, a 500.
 */
final class MalformedCsrfTolerantHandler implements CsrfTokenRequestHandler {

  private final XorCsrfTokenRequestAttributeHandler delegate =
      new XorCsrfTokenRequestAttributeHandler();

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
    delegate.handle(request, response, csrfToken);
  }

  @Override
  public @Nullable String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
    try {
      return delegate.resolveCsrfTokenValue(request, csrfToken);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
