package dev.darkroom.core.catalog;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the scan learned about one directory entry; the catalog applies a chunk of these at once.
 */
public sealed interface ScannedFile {

  long rootId();

  String relPath();

  /** A known location whose size and mtime did not change; only its last-seen marks move. */
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

  /** Parent directory of a relative path ("" for top-level entries). */
  static String parentOf(String relPath) {
    int slash = relPath.lastIndexOf('/');
    return slash < 0 ? "" : relPath.substring(0, slash);
  }
}
