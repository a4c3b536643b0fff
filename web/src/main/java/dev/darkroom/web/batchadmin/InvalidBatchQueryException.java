package dev.darkroom.web.batchadmin;

import dev.darkroom.web.api.ProblemException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A list request with a bad filter, cursor or page size; the REST API answers 400 {@code
 * invalid-parameter} naming the {@link #parameter()}, as the catalog endpoints do.
 */
public class InvalidBatchQueryException extends IllegalArgumentException
    implements ProblemException {

  private final String parameter;

  public InvalidBatchQueryException(String parameter, String message) {
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
