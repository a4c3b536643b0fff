package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.ProblemKind;
import java.nio.file.Path;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry the walk yields: a regular file to catalog, or a problem to report.
 *
 * @param relPath path relative to the root, {@code /}-separated
 * @param problem null for a regular file
 */
record WalkEntry(
    String relPath,
    Path path,
    long size,
    @Nullable Instant mtime,
    @Nullable ProblemKind problem,
    @Nullable String message) {

  static WalkEntry file(String relPath, Path path, long size, Instant mtime) {
    return new WalkEntry(relPath, path, size, mtime, null, null);
  }

  static WalkEntry problem(String relPath, Path path, ProblemKind kind, String message) {
    return new WalkEntry(relPath, path, 0, null, kind, message);
  }
}
