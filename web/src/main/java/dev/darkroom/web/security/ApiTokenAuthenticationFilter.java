package dev.darkroom.web.security;

import dev.darkroom.core.db.DatabaseOutages;
import dev.darkroom.web.api.ApiProblemHandler;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} on the machine paths ({@code /api/**}, {@code
 * /actuator/**}). A request with the header is authenticated by the token alone, never by a session
 * that happens to come with it, and is stateless: the context lives in a request attribute (so that
 * async dispatches of SSE and streaming responses keep it), never in a session. A bad token ends
 * the request with a 401 from the entry point; no header, nothing happens here.
 */
final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  /** The requests this filter authenticates; the CSRF check skips exactly these. */
  static final RequestMatcher BEARER_REQUEST = request -> bearerToken(request) != null;

  private final AuthenticationManager authenticationManager;
  private final AuthenticationEntryPoint entryPoint;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();
  private final SecurityContextRepository repository =
      new RequestAttributeSecurityContextRepository();

  ApiTokenAuthenticationFilter(
      AuthenticationManager authenticationManager, AuthenticationEntryPoint entryPoint) {
    this.authenticationManager = authenticationManager;
    this.entryPoint = entryPoint;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String token = bearerToken(request);
    if (token == null) {
      chain.doFilter(request, response);
      return;
    }
    try {
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(
          authenticationManager.authenticate(ApiTokenAuthentication.unauthenticated(token)));
      contexts.setContext(context);
      repository.saveContext(context, request, response);
    } catch (AuthenticationException e) {
      contexts.clearContext();
      if (DatabaseOutages.isOutage(e)) {
        // The token could not be looked up: an outage, not a bad token (no 401).
        ApiProblemHandler.write(e, request, response);
        return;
      }
      entryPoint.commence(request, response, e);
      return;
    } catch (RuntimeException e) {
      contexts.clearContext();
      if (!DatabaseOutages.isOutage(e)) {
        throw e;
      }
      // Runs before Spring MVC: answered here as every endpoint answers a database outage.
      ApiProblemHandler.write(e, request, response);
      return;
    }
    chain.doFilter(request, response);
  }

  /** The token of a {@code Bearer} authorization header (scheme case-insensitive), else null. */
  static @Nullable String bearerToken(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return null;
    }
    header = header.strip();
    if (header.equalsIgnoreCase(BEARER.strip())) {
      return ""; // the scheme without a token: refused as a bad token, not ignored
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).strip();
  }
}
