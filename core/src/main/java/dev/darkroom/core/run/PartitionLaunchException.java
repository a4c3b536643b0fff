package dev.darkroom.core.run;

/** A partition's job could not be started. */
public class PartitionLaunchException extends RuntimeException {

  public PartitionLaunchException(String message, Throwable cause) {
    super(message, cause);
  }

  public PartitionLaunchException(String message) {
    super(message);
  }
}
