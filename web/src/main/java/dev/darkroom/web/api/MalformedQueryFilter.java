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
 * or a NUL character ({@code %00}) with a 400 problem, before anything reads it. Tomcat would
 * otherwise drop a broken parameter silently; a NUL would reach PostgreSQL, whose text values
 * cannot hold one, and come back as a 500 from whichever endpoint passed it on (schemathesis found
 * it in a paging cursor). No Darkroom value contains a NUL, so one check here serves every API.
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
    String query = request.getQueryString();
    String wrong =
        !wellFormed(query)
            ? "The query string is not correctly %-encoded: a '%' must be followed by two hex"
                + " digits (send a literal '%' as %25)"
            : hasNul(query) ? "A parameter contains a NUL character (%00); no value can" : null;
    if (wrong == null) {
      chain.doFilter(request, response);
      return;
    }
    ProblemDetail problem =
        ApiProblemHandler.problem(
            HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter", wrong);
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

  /** A {@code %00} escape (a raw NUL cannot appear in a request line at all). */
  static boolean hasNul(String query) {
    for (int i = query.indexOf('%');
        i >= 0 && i + 2 < query.length();
        i = query.indexOf('%', i + 1)) {
      if (query.charAt(i + 1) == '0' && query.charAt(i + 2) == '0') {
        return true;
      }
    }
    return false;
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
