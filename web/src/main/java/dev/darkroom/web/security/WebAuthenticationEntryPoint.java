package dev.darkroom.web.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Pages send a browser that is not signed in (or whose session expired) to {@code /login}. An htmx
 * request would follow a redirect and swap the login page into a fragment, so it gets a 401 with
 * {@code HX-Redirect} instead and htmx moves the whole page there.
 */
final class WebAuthenticationEntryPoint implements AuthenticationEntryPoint {

  static final String LOGIN = "/login";

  private final LoginUrlAuthenticationEntryPoint login =
      new LoginUrlAuthenticationEntryPoint(LOGIN);

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
      throws IOException, ServletException {
    if (request.getHeader("HX-Request") != null) {
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setHeader("HX-Redirect", request.getContextPath() + LOGIN);
      return;
    }
    login.commence(request, response, failure);
  }
}
