package dev.darkroom.storage.archive;

/** Reading the archive was refused or failed; the message says which root or path and why. */
public class ArchiveAccessException extends RuntimeException {

  public ArchiveAccessException(String message) {
    super(message);
  }

  public ArchiveAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
