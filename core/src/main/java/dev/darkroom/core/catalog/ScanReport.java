package dev.darkroom.core.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a scan found. Totals are derived from the catalog when the scan finishes, so a scan that was
 * restarted reports each file once.
 *
 * @param filesSeen regular files encountered (catalogued or reported as a problem)
 * @param filesHashed files whose content was read and hashed in this scan
 * @param assetsNew distinct contents the catalog had never seen
 * @param locationsNew paths the catalog had no live location for
 * @param filesChanged known paths whose content changed (old location closed, new one opened)
 * @param filesMoved new paths whose content vanished from another path in the same scan
 * @param filesUnchanged known paths with the same size and mtime (not re-hashed)
 * @param filesGone known paths that are no longer there (location closed, never deleted)
 */
public record ScanReport(
    long id,
    ScanStatus status,
    boolean fullRescan,
    List<String> roots,
    long filesSeen,
    long filesHashed,
    long bytesHashed,
    long assetsNew,
    long locationsNew,
    long filesChanged,
    long filesMoved,
    long filesUnchanged,
    long filesGone,
    long problems,
    Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String error,
    List<ScanProblem> problemList) {

  public Duration duration() {
    return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
  }

  /**
   * New paths holding content the catalog already has (known before, or new at another path in this
   * scan), moves excluded. A changed file with new content is an asset of its own, counted in
   * {@link #assetsNew}; one whose new content exists elsewhere is a duplicate.
   */
  public long duplicates() {
    return Math.max(0, locationsNew - assetsNew - filesMoved);
  }

  /** One entry of the problem list. */
  public record ScanProblem(String root, String relPath, ProblemKind kind, String message) {}
}
