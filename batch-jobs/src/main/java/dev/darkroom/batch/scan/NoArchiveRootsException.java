package dev.darkroom.batch.scan;

/** Nothing to scan: no archive root is configured. */
public class NoArchiveRootsException extends RuntimeException {

  public NoArchiveRootsException() {
    super(
        "No archive roots are configured: set darkroom.archive.roots (env DARKROOM_ARCHIVE_ROOTS)"
            + " to one or more directories of originals.");
  }
}
