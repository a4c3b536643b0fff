package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.ScanReport;
import org.jspecify.annotations.Nullable;

/** A scan ended FAILED or STOPPED; {@link #report()} holds what it did until then and why. */
public class ScanFailedException extends RuntimeException {

  private final ScanReport report;

  public ScanFailedException(ScanReport report, @Nullable Throwable cause) {
    super("Scan #" + report.id() + " " + report.status() + ": " + report.error(), cause);
    this.report = report;
  }

  public ScanReport report() {
    return report;
  }
}
