package dev.darkroom.batch.sample;

import java.io.IOException;
import java.nio.file.Path;

/** A generator was pointed at a directory that already holds files; it never mixes into one. */
public class NonEmptyDirectoryException extends IOException {

  private final Path directory;

  public NonEmptyDirectoryException(Path directory) {
    super(
        "Refusing to generate into "
            + directory
            + ": it is not empty (or is not a directory). Pass a new or empty directory.");
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}
