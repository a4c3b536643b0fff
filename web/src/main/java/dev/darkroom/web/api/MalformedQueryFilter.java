package dev.darkroom.web.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses an {@code /api} request whose query string has a broken {@code %}-escape ({@code ?q=%zz})
 * with a 400 problem, before anything reads it. Tomcat would otherwise drop such a parameter
 * silently, or fail only if an endpoint happens to read parameters.
 */
final class MalformedQueryFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(MalformedQueryFilter.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !ApiProblemHandler.isApi(request) || request.getQueryString() == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (wellFormed(request.getQueryString())) {
      chain.doFilter(request, response);
      return;
    }
    ProblemDetail problem =
        ApiProblemHandler.problem(
            HttpStatus.BAD_REQUEST,
            "invalid-parameter",
            "Invalid parameter",
            "The query string is not correctly %-encoded: a '%' must be followed by two hex"
                + " digits (send a literal '%' as %25)");
    problem.setInstance(URI.create(request.getRequestURI()));
    log.info("400 {} {}: {}", request.getMethod(), request.getRequestURI(), problem.getDetail());
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    JSON.writeValue(response.getOutputStream(), problem);
  }

  static boolean wellFormed(String query) {
    for (int i = 0; i < query.length(); i++) {
      if (query.charAt(i) == '%') {
        if (i + 2 >= query.length() || !hex(query.charAt(i + 1)) || !hex(query.charAt(i + 2))) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
