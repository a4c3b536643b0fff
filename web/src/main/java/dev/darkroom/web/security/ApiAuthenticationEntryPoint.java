package dev.darkroom.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A 401 problem detail with {@code WWW-Authenticate: Bearer} (RFC 6750) for {@code /api} and {@code
 * /actuator}: never a redirect to the login page, which a client could not use.
 */
final class ApiAuthenticationEntryPoint implements AuthenticationEntryPoint {

  static final String REALM = "darkroom";

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException {
    if (failure instanceof InvalidApiTokenException invalid) {
      response.setHeader(
          HttpHeaders.WWW_AUTHENTICATE,
          "Bearer realm=\""
              + REALM
              + "\", error=\"invalid_token\", error_description=\"The token is "
              + invalid.reason().name().toLowerCase(java.util.Locale.ROOT)
              + "\"");
      ProblemResponses.write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "invalid-token",
          "Invalid API token",
          invalid.getMessage());
      return;
    }
    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
    ProblemResponses.write(
        request,
        response,
        HttpStatus.UNAUTHORIZED,
        "unauthenticated",
        "Authentication required",
        "This endpoint needs an API token: send 'Authorization: Bearer <token>'. The admin"
            + " creates tokens on the Account page (/account).");
  }
}
