package dev.darkroom.web.catalog;

import dev.darkroom.web.api.ProblemException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A request parameter with a value the endpoint cannot use; the message says what would do. */
public class BadParameterException extends RuntimeException implements ProblemException {

  private final String parameter;

  public BadParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }

  @Override
  public HttpStatus httpStatus() {
    return HttpStatus.BAD_REQUEST;
  }

  @Override
  public String problemType() {
    return "invalid-parameter";
  }

  @Override
  public String problemTitle() {
    return "Invalid parameter";
  }

  @Override
  public Map<String, Object> problemProperties() {
    return Map.of("parameter", parameter);
  }
}
