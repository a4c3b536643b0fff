package dev.darkroom.web.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;

/**
 * A form posted after the session expired fails the CSRF check before anything else; the person is
 * not signed in any more, so that goes to the login page like any unauthenticated request.
 * Everything else is a plain 403 (rendered by {@code templates/error/403.html}).
 */
final class WebAccessDeniedHandler implements AccessDeniedHandler {

  private final WebAuthenticationEntryPoint entryPoint;
  private final AccessDeniedHandler forbidden = new AccessDeniedHandlerImpl();
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  WebAccessDeniedHandler(WebAuthenticationEntryPoint entryPoint) {
    this.entryPoint = entryPoint;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException, ServletException {
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    if (denied instanceof CsrfException
        && (authentication == null || trust.isAnonymous(authentication))) {
      entryPoint.commence(
          request, response, new InsufficientAuthenticationException("session expired", denied));
      return;
    }
    forbidden.handle(request, response, denied);
  }
}
