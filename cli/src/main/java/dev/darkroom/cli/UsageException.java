package dev.darkroom.cli;

/** The user asked for something that cannot be done as asked; exit code 2 with this message. */
public class UsageException extends RuntimeException {

  public UsageException(String message) {
    super(message);
  }
}
