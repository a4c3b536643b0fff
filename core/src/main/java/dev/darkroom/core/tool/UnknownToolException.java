package dev.darkroom.core.tool;

/** A pipeline or request names a tool that no registry holds. */
public class UnknownToolException extends IllegalArgumentException {

  public UnknownToolException(String message) {
    super(message);
  }
}
