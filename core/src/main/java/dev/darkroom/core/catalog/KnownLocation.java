package dev.darkroom.core.catalog;

import java.time.Instant;

/**
 * A live location the catalog already has, as the scan needs it to decide whether a file must be
 * hashed again.
 *
 * @param hashedScan the scan that last read and hashed it (0 if none); equal to the current scan
 *     when a full rescan that already hashed it is redone after a restart
 */
public record KnownLocation(
    long id, long assetId, String relPath, long sizeBytes, Instant mtime, long hashedScan) {

  /** Same size and modification time: the incremental scan trusts the stored hash. */
  public boolean matches(long size, Instant mtime) {
    return sizeBytes == size && this.mtime.equals(mtime);
  }
}
