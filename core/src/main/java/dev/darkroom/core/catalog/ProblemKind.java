package dev.darkroom.core.catalog;

/** Why a directory entry is in the scan report's problem list instead of the catalog. */
public enum ProblemKind {
  /** A zero-byte file: nothing to identify. */
  EMPTY_FILE,
  /** The file could not be opened or read (permissions, I/O error). */
  UNREADABLE,
  /** Listed, then gone before it could be read. */
  VANISHED,
  /** A symbolic link that leads back to one of its own ancestor directories. */
  SYMLINK_LOOP,
  /** A symbolic link that leads outside its archive root, or nowhere. */
  SYMLINK_OUTSIDE_ROOT,
  /** A name that is not valid UTF-8 and cannot be stored or reopened faithfully. */
  NOT_UTF8_NAME,
  /** A FIFO, socket or device: never opened. */
  SPECIAL_FILE,
  /** Deeper than the configured maximum depth. */
  TOO_DEEP,
  /** A directory that could not be listed; nothing under it is marked gone. */
  UNREADABLE_DIRECTORY,
  /** Content that is not what it claims to be (reserved for tools). */
  CORRUPT_CONTENT,
  /** Any other I/O failure. */
  IO_ERROR
}
