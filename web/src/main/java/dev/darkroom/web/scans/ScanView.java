package dev.darkroom.web.scans;

import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A scan's report as the API shows it; the lists of {@code GET /api/scans} leave out {@code
 * problemList}.
 *
 * @param problemList the first problems (entries that could not be catalogued), with reasons
 */
public record ScanView(
    long id,
    ScanStatus status,
    boolean fullRescan,
    List<String> roots,
    long filesSeen,
    long filesHashed,
    long bytesHashed,
    long assetsNew,
    long locationsNew,
    long duplicates,
    long filesChanged,
    long filesMoved,
    long filesUnchanged,
    long filesGone,
    long problems,
    Instant startedAt,
    @Nullable Instant finishedAt,
    long durationSeconds,
    @Nullable String error,
    List<ScanReport.ScanProblem> problemList,
    String url) {

  static ScanView of(ScanReport report) {
    return new ScanView(
        report.id(),
        report.status(),
        report.fullRescan(),
        report.roots(),
        report.filesSeen(),
        report.filesHashed(),
        report.bytesHashed(),
        report.assetsNew(),
        report.locationsNew(),
        report.duplicates(),
        report.filesChanged(),
        report.filesMoved(),
        report.filesUnchanged(),
        report.filesGone(),
        report.problems(),
        report.startedAt(),
        report.finishedAt(),
        report.duration().toSeconds(),
        report.error(),
        report.problemList(),
        "/api/scans/" + report.id());
  }
}
