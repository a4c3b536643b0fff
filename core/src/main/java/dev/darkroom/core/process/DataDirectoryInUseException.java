package dev.darkroom.core.process;

import java.nio.file.Path;

/** Another running Darkroom holds the data directory; two servers on one directory corrupt it. */
public class DataDirectoryInUseException extends IllegalStateException {

  private final long ownerPid;

  public DataDirectoryInUseException(Path dataDir, long ownerPid) {
    super(
        "The data directory "
            + dataDir
            + " is in use by another running Darkroom"
            + (ownerPid > 0 ? " (pid " + ownerPid + ")" : "")
            + "; stop that one first, or give this one its own directory (DARKROOM_DATA_DIR)");
    this.ownerPid = ownerPid;
  }

  /** The pid of the process holding the directory, or -1 when it could not be read. */
  public long ownerPid() {
    return ownerPid;
  }
}
