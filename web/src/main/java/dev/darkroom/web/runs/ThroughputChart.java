package dev.darkroom.web.runs;

import dev.darkroom.core.run.FinishedBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput over time for the run page, drawn as inline SVG bars: finished units per second in
 * each time bucket since the run started, from the per-second counters of finished units ({@code
 * run_finished_second}, bucketed by PostgreSQL's {@code date_bin}). The bucket width grows with the
 * run so the chart keeps about {@value #TARGET_BARS} bars.
 */
public record ThroughputChart(
    int width, int height, long bucketSeconds, double maxRate, List<Bar> bars) {

  static final int WIDTH = 600;
  static final int HEIGHT = 120;
  static final int TARGET_BARS = 60;
  private static final long[] NICE_SECONDS = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400
  };

  /**
   * One bucket's bar, in the chart's coordinates (origin top left).
   *
   * @param rate finished units per second in the bucket
   */
  public record Bar(
      double x, double y, double width, double height, double rate, long units, Instant start) {

    /** The tooltip: when and how fast. */
    public String title() {
      return start + ": " + units + " units, " + String.format("%.1f", rate) + "/s";
    }
  }

  static ThroughputChart empty() {
    return new ThroughputChart(WIDTH, HEIGHT, 1, 0, List.of());
  }

  public boolean isEmpty() {
    return bars.isEmpty();
  }

  /** The bucket width for a run that has been going for {@code span}. */
  static Duration bucketFor(Duration span) {
    double wanted = Math.max(1, span.toMillis() / 1000.0 / TARGET_BARS);
    for (long seconds : NICE_SECONDS) {
      if (seconds >= wanted) {
        return Duration.ofSeconds(seconds);
      }
    }
    return Duration.ofSeconds((long) Math.ceil(wanted));
  }

  /**
   * @param origin where the buckets are aligned (the run's start)
   * @param end the run's end, or now
   */
  static ThroughputChart of(
      List<FinishedBucket> buckets, Instant origin, Instant end, Duration bucket) {
    if (buckets.isEmpty()) {
      return empty();
    }
    long bucketSeconds = Math.max(1, bucket.toSeconds());
    long lastSlot = 0;
    double maxRate = 0;
    for (FinishedBucket b : buckets) {
      lastSlot = Math.max(lastSlot, slot(b.start(), origin, bucketSeconds));
      maxRate = Math.max(maxRate, (double) b.units() / bucketSeconds);
    }
    long slots =
        Math.max(
            lastSlot + 1,
            (long) Math.ceil(Duration.between(origin, end).toSeconds() / (double) bucketSeconds));
    double barWidth = (double) WIDTH / Math.max(1, slots);
    List<Bar> bars = new ArrayList<>();
    for (FinishedBucket b : buckets) {
      double rate = (double) b.units() / bucketSeconds;
      double h = maxRate == 0 ? 0 : rate / maxRate * HEIGHT;
      long slot = Math.max(0, slot(b.start(), origin, bucketSeconds));
      bars.add(
          new Bar(
              round(slot * barWidth),
              round(HEIGHT - h),
              round(Math.max(1, barWidth - 1)),
              round(h),
              rate,
              b.units(),
              b.start()));
    }
    return new ThroughputChart(WIDTH, HEIGHT, bucketSeconds, maxRate, List.copyOf(bars));
  }

  private static long slot(Instant start, Instant origin, long bucketSeconds) {
    return Math.floorDiv(Duration.between(origin, start).toSeconds(), bucketSeconds);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
