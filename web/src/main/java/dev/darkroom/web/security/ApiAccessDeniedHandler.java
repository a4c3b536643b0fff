package dev.darkroom.web.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * A 403 problem detail for {@code /api} and {@code /actuator} that names the missing role. A
 * request that changes state without any credentials fails the CSRF check before authorization; it
 * is answered as unauthenticated (401), which is what it is: CSRF matters only for a signed-in
 * browser session.
 */
final class ApiAccessDeniedHandler implements AccessDeniedHandler {

  private final AccessRules rules;
  private final AuthenticationEntryPoint entryPoint;
  private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();

  ApiAccessDeniedHandler(AccessRules rules, AuthenticationEntryPoint entryPoint) {
    this.rules = rules;
    this.entryPoint = entryPoint;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException, ServletException {
    Authentication current = SecurityContextHolder.getContext().getAuthentication();
    if (denied instanceof CsrfException && (current == null || trust.isAnonymous(current))) {
      entryPoint.commence(
          request, response, new InsufficientAuthenticationException("no credentials", denied));
      return;
    }
    if (denied instanceof CsrfException) {
      ProblemResponses.write(
          request,
          response,
          HttpStatus.FORBIDDEN,
          "csrf",
          "CSRF token missing or wrong",
          "A browser-session request that changes state needs the CSRF token: send the"
              + " X-CSRF-TOKEN header with the page's _csrf meta tag value. Clients that are not"
              + " a browser send 'Authorization: Bearer <token>' instead.");
      return;
    }
    Authentication who = SecurityContextHolder.getContext().getAuthentication();
    String role = rules.requiredRole(request).map(Role::name).orElse("(none)");
    String roles =
        who == null
            ? "none"
            : who.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a)
                .collect(Collectors.joining(", "));
    ProblemResponses.write(
        request,
        response,
        HttpStatus.FORBIDDEN,
        "forbidden",
        "Not allowed",
        request.getMethod()
            + " "
            + request.getRequestURI()
            + " needs the "
            + role
            + " role; "
            + (who == null ? "this request" : "'" + who.getName() + "'")
            + " has "
            + roles
            + (Role.ADMIN.name().equals(role)
                ? ". Sign in as the admin: no API token manages tokens."
                : ". Use a token with that role."));
  }
}
