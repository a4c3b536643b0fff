package dev.darkroom.core.catalog;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the scan learned about one directory entry, or about a directory it finished listing; the
 * catalog applies a chunk of these at once.
 */
public sealed interface ScannedFile {

  long rootId();

  String relPath();

  /**
   * A known location whose size and mtime did not change. The catalog writes nothing for it: it
   * counts as seen once its directory is {@link DirectoryListed listed}.
   */
  record Unchanged(long rootId, String relPath, long locationId) implements ScannedFile {}

  /**
   * A file whose content was hashed.
   *
   * @param known the live location previously at this path, if any
   */
  record Hashed(
      long rootId,
      String relPath,
      long sizeBytes,
      Instant mtime,
      String sha256,
      String mediaType,
      @Nullable Integer width,
      @Nullable Integer height,
      @Nullable KnownLocation known)
      implements ScannedFile {}

  /** An entry the scan could not catalog, with the reason a person can act on. */
  record Problem(long rootId, String relPath, ProblemKind kind, String message)
      implements ScannedFile {}

  /**
   * A live location the scan found gone: its name was missing from its directory's complete
   * listing, or a directory now stands at its path. Not closed yet: it waits in {@code
   * scan_vanished} until the walk of its root is complete and mark-gone knows how much of the root
   * the scan would close (a mass "gone" needs proof); then it is closed as {@code VANISHED}, never
   * deleted.
   */
  record Vanished(long rootId, String relPath, long locationId) implements ScannedFile {}

  /**
   * A file back at the path, size and mtime of a location a scan closed as {@code VANISHED}: the
   * location reopens with its asset, without reading the file (the same trust an unchanged file
   * gets).
   */
  record Reopened(long rootId, String relPath, long locationId) implements ScannedFile {}

  /**
   * Every entry of directory {@code relPath} ({@code ""} for the root) has been handed to the
   * catalog, and every live location there that is no longer in it comes as {@link Vanished} in the
   * same or an earlier chunk: the live locations left in the directory were seen by this scan.
   */
  record DirectoryListed(long rootId, String relPath) implements ScannedFile {}

  /** Parent directory of a relative path ("" for top-level entries). */
  static String parentOf(String relPath) {
    int slash = relPath.lastIndexOf('/');
    return slash < 0 ? "" : relPath.substring(0, slash);
  }
}
