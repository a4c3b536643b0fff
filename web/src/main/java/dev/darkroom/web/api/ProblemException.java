package dev.darkroom.web.api;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An exception that knows its own problem details: the one {@link ApiProblemHandler} answers it
 * with {@link #httpStatus()}, {@code type} {@link ApiProblemHandler#TYPE_BASE} + {@link
 * #problemType()}, {@link #problemTitle()}, the exception's message as {@code detail}, and {@link
 * #problemProperties()} as extra members. Exceptions of the web layer implement it; those of lower
 * modules (which know nothing of HTTP) get one line in {@link ApiProblemHandler}'s table instead.
 */
public interface ProblemException {

  HttpStatus httpStatus();

  /** The problem type's suffix, e.g. {@code unknown-scan}; docs/api.md lists them. */
  String problemType();

  /** A short, fixed summary of the problem type, e.g. {@code No such scan}. */
  String problemTitle();

  /** Extra members of the problem (e.g. {@code parameter}); empty by default. */
  default Map<String, Object> problemProperties() {
    return Map.of();
  }

  /** Seconds after which trying again may work, sent as {@code Retry-After}; none by default. */
  default long retryAfterSeconds() {
    return 0;
  }
}
