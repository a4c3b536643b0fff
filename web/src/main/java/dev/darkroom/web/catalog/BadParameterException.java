package dev.darkroom.web.catalog;

/** A request parameter with a value the endpoint cannot use; the message says what would do. */
public class BadParameterException extends RuntimeException {

  private final String parameter;

  public BadParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }
}
