package dev.darkroom.web.mainjob;

import dev.darkroom.core.catalog.CatalogSummary;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.catalog.ScanReport.ScanProblem;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Prints a scan report and the catalog summary as aligned plain text. */
final class ReportPrinter {

  private static final int MAX_PROBLEMS_SHOWN = 50;

  private final PrintStream out;

  ReportPrinter(PrintStream out) {
    this.out = out;
  }

  void print(ScanReport report, CatalogSummary summary) {
    printReport(report);
    out.println();
    out.println("Catalog");
    row("assets", summary.assets() + " (" + bytes(summary.totalBytes()) + ")");
    row("live locations", summary.liveLocations());
    row("gone locations", summary.goneLocations());
    row("archive roots", summary.roots());
    for (Map.Entry<String, Long> type : summary.assetsByMediaType().entrySet()) {
      row("  " + type.getKey(), type.getValue());
    }
  }

  void printReport(ScanReport report) {
    double seconds = Math.max(report.duration().toMillis(), 1) / 1000.0;
    out.println();
    out.printf(
        Locale.ROOT,
        "Scan #%d %s in %.1f s over %s%n",
        report.id(),
        report.status(),
        seconds,
        String.join(", ", report.roots()));
    row("files seen", report.filesSeen());
    row(
        "hashed",
        String.format(
            Locale.ROOT,
            "%d files, %s (%.1f MB/s)",
            report.filesHashed(),
            bytes(report.bytesHashed()),
            report.bytesHashed() / 1e6 / seconds));
    row("new assets", report.assetsNew());
    row("new locations", report.locationsNew());
    row("duplicates", report.duplicates());
    row("unchanged", report.filesUnchanged());
    row("changed", report.filesChanged());
    row("moved", report.filesMoved());
    row("gone", report.filesGone());
    row("problems", report.problems());
    int shown = 0;
    for (ScanProblem problem : report.problemList()) {
      if (shown++ == MAX_PROBLEMS_SHOWN) {
        out.println("  … " + (report.problems() - MAX_PROBLEMS_SHOWN) + " more");
        break;
      }
      out.printf(
          "  %-22s %s/%s: %s%n",
          problem.kind(), problem.root(), problem.relPath(), problem.message());
    }
  }

  private void row(String label, Object value) {
    out.printf("  %-16s %s%n", label, value);
  }

  private static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
