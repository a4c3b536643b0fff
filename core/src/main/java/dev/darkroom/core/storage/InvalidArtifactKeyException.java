package dev.darkroom.core.storage;

/**
 * A key or key prefix that is not a content address. Thrown before any I/O, so a key built from
 * user input can never reach outside a store (no {@code ..}, no absolute paths, no separators).
 */
public class InvalidArtifactKeyException extends IllegalArgumentException {

  public InvalidArtifactKeyException(String message) {
    super(message);
  }
}
