package dev.darkroom.core.tool;

/** A run asks for a pipeline id that is not registered. */
public class UnknownPipelineException extends IllegalArgumentException {

  public UnknownPipelineException(String message) {
    super(message);
  }
}
