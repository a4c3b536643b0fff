package dev.darkroom.core.tool;

/** Parameters a tool cannot work with: an unknown name, a wrong type or an out-of-range value. */
public class InvalidToolParametersException extends IllegalArgumentException {

  public InvalidToolParametersException(String message) {
    super(message);
  }
}
