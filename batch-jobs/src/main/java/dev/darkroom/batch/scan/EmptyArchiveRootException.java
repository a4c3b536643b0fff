package dev.darkroom.batch.scan;

import java.nio.file.Path;

/** A root yielded no files although the catalog knows files there: probably an empty mount. */
public class EmptyArchiveRootException extends RuntimeException {

  public EmptyArchiveRootException(String root, Path path, long knownFiles) {
    super(
        "Archive root '"
            + root
            + "' at "
            + path
            + " is empty, but the catalog knows "
            + knownFiles
            + " files there. Is it mounted? Nothing was marked gone.");
  }
}
