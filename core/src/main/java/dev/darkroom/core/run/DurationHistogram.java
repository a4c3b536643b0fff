package dev.darkroom.core.run;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Observations of one duration in the fixed buckets that {@code tool_duration_stats} and {@code
 * chunk_commit_stats} keep ({@link #BOUNDS}): a count per bucket, not cumulative, the last one for
 * everything above the largest bound. Not thread-safe; one partition job fills one.
 */
public final class DurationHistogram {

  /**
   * Upper bounds in seconds, from a fast tool try (5 ms) to a slow one (10 min). The stored counts
   * follow these positions: changing them needs a migration that empties the tables.
   */
  public static final List<Double> BOUNDS =
      List.of(
          0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0,
          600.0);

  private final long[] counts;
  private long count;
  private double sumSeconds;

  public DurationHistogram() {
    this(new long[BOUNDS.size() + 1], 0, 0);
  }

  private DurationHistogram(long[] counts, long count, double sumSeconds) {
    this.counts = counts;
    this.count = count;
    this.sumSeconds = sumSeconds;
  }

  /** A histogram as stored: {@code counts} has one element per bound plus the overflow. */
  public static DurationHistogram of(long[] counts, long count, double sumSeconds) {
    if (counts.length != BOUNDS.size() + 1) {
      throw new IllegalArgumentException(
          "expected " + (BOUNDS.size() + 1) + " bucket counts, got " + counts.length);
    }
    return new DurationHistogram(counts.clone(), count, sumSeconds);
  }

  public void observe(Duration took) {
    double seconds = took.toNanos() / 1e9;
    int bucket = 0;
    while (bucket < BOUNDS.size() && seconds > BOUNDS.get(bucket)) {
      bucket++;
    }
    counts[bucket]++;
    count++;
    sumSeconds += seconds;
  }

  /** Adds another histogram's observations to this one. */
  public void add(DurationHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sumSeconds += other.sumSeconds;
  }

  public long count() {
    return count;
  }

  public double sumSeconds() {
    return sumSeconds;
  }

  /** The count per bucket (not cumulative), one per bound plus the overflow. */
  public long[] bucketCounts() {
    return counts.clone();
  }

  /** PostgreSQL's array literal of the bucket counts, e.g. {@code {0,3,1,...}}. */
  String bucketLiteral() {
    StringBuilder literal = new StringBuilder("{");
    for (int i = 0; i < counts.length; i++) {
      literal.append(i == 0 ? "" : ",").append(counts[i]);
    }
    return literal.append('}').toString();
  }

  @Override
  public String toString() {
    return "DurationHistogram[count="
        + count
        + ", sum="
        + sumSeconds
        + "s, buckets="
        + Arrays.toString(counts)
        + "]";
  }
}
