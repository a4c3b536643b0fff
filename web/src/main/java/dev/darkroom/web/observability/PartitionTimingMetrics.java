package dev.darkroom.web.observability;

import dev.darkroom.core.run.DurationHistogram;
import dev.darkroom.core.run.TimingsRepository;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.List;

/**
 * The histograms of partition jobs, read from PostgreSQL on scrape (at most once per {@link
 * OperationsMetrics#TTL}), so they include the partitions of every launcher: worker JVMs and
 * Kubernetes Jobs add their timings in their chunk transactions and serve no endpoint of their own
 * (ADR 0023).
 *
 * <ul>
 *   <li>{@code darkroom_tool_duration_seconds{pipeline,tool,version,outcome,launcher}}: one try of
 *       one tool on one unit; {@code outcome} is success, failed, skipped or error (the tool
 *       threw);
 *   <li>{@code darkroom_chunk_commit_seconds{pipeline,launcher}}: a chunk's write (store puts,
 *       rows, unit statuses) up to its commit.
 * </ul>
 *
 * A Prometheus collector rather than Micrometer meters: Micrometer has no histogram whose buckets
 * are read from elsewhere. It carries the {@code application} label that Micrometer's common tags
 * give every other meter.
 */
final class PartitionTimingMetrics implements MultiCollector {

  static final String TOOL_DURATION = "darkroom_tool_duration_seconds";
  static final String CHUNK_COMMIT = "darkroom_chunk_commit_seconds";

  private static final double[] UPPER_BOUNDS = upperBounds();

  private final Snapshot<List<TimingsRepository.ToolTimings>> tools;
  private final Snapshot<List<TimingsRepository.ChunkTimings>> chunks;
  private final String application;

  PartitionTimingMetrics(TimingsRepository repository, String application, Duration ttl) {
    this.tools = new Snapshot<>(repository::toolTimings, ttl, List.of());
    this.chunks = new Snapshot<>(repository::chunkTimings, ttl, List.of());
    this.application = application;
  }

  @Override
  public MetricSnapshots collect() {
    HistogramSnapshot.Builder tool =
        HistogramSnapshot.builder()
            .name(TOOL_DURATION)
            .unit(Unit.SECONDS)
            .help("One try of a tool on one unit, by every launcher's partitions");
    for (TimingsRepository.ToolTimings t : tools.get()) {
      tool.dataPoint(
          point(
              Labels.of(
                  "application", application,
                  "launcher", t.launcher(),
                  "outcome", t.outcome(),
                  "pipeline", t.pipeline(),
                  "tool", t.tool(),
                  "version", t.version()),
              t.histogram()));
    }
    HistogramSnapshot.Builder chunk =
        HistogramSnapshot.builder()
            .name(CHUNK_COMMIT)
            .unit(Unit.SECONDS)
            .help("A chunk's write (store puts, rows, unit statuses) up to its commit");
    for (TimingsRepository.ChunkTimings c : chunks.get()) {
      chunk.dataPoint(
          point(
              Labels.of(
                  "application", application,
                  "launcher", c.launcher(),
                  "pipeline", c.pipeline()),
              c.histogram()));
    }
    return MetricSnapshots.of(tool.build(), chunk.build());
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(TOOL_DURATION, CHUNK_COMMIT);
  }

  private static HistogramDataPointSnapshot point(Labels labels, DurationHistogram histogram) {
    return HistogramDataPointSnapshot.builder()
        .labels(labels)
        .sum(histogram.sumSeconds())
        .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, histogram.bucketCounts()))
        .build();
  }

  private static double[] upperBounds() {
    List<Double> bounds = DurationHistogram.BOUNDS;
    double[] upper = new double[bounds.size() + 1];
    for (int i = 0; i < bounds.size(); i++) {
      upper[i] = bounds.get(i);
    }
    upper[bounds.size()] = Double.POSITIVE_INFINITY;
    return upper;
  }
}
