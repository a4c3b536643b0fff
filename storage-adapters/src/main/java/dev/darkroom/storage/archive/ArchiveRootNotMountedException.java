package dev.darkroom.storage.archive;

import java.nio.file.Path;

/**
 * An archive root is missing or not a directory. Raised before anything is read, so a missing mount
 * can never look like deleted files.
 */
public class ArchiveRootNotMountedException extends ArchiveAccessException {

  private final String root;

  public ArchiveRootNotMountedException(String root, Path path, String why) {
    super(
        "Archive root '"
            + root
            + "' at "
            + path
            + " is not available: "
            + why
            + ". Is the archive mounted? Nothing was scanned or marked gone.");
    this.root = root;
  }

  public String root() {
    return root;
  }
}
