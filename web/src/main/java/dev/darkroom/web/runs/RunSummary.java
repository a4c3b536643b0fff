package dev.darkroom.web.runs;

import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.UnitCounts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/** One line of the runs list. */
public record RunSummary(
    long id,
    String pipeline,
    RunStatus status,
    boolean active,
    PolicyView policy,
    ScopeView scope,
    String requestedBy,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Long durationSeconds,
    UnitCounts counts,
    double progress,
    String url) {

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** When it started, to the second, UTC; a dash before it started. */
  public String startedText() {
    return startedAt == null ? "–" : WHEN.format(startedAt) + " UTC";
  }

  public double donePercent() {
    return percent(counts.done());
  }

  public double failedPercent() {
    return percent(counts.failed());
  }

  public double skippedPercent() {
    return percent(counts.skipped());
  }

  private double percent(long part) {
    return counts.total() == 0 ? 0 : 100.0 * part / counts.total();
  }
}
