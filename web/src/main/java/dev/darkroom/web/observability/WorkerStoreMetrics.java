package dev.darkroom.web.observability;

import dev.darkroom.core.run.DurationHistogram;
import dev.darkroom.core.run.StoreOperationStatsRepository;
import dev.darkroom.core.run.StoreOperationStatsRepository.StoreOperations;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The artifact store calls of partitions run in worker JVMs ({@code process} and {@code kubernetes}
 * launchers), read from PostgreSQL on scrape (at most once per {@link OperationsMetrics#TTL}): the
 * workers add them in their chunk transactions and serve no endpoint (ADR 0023). Separate families
 * from the server JVM's own Micrometer meters ({@code darkroom_store_*}, in-process partitions
 * included), so no call is in both:
 *
 * <ul>
 *   <li>{@code darkroom_worker_store_operation_seconds{store,operation,outcome,launcher}}
 *       (histogram): latency and count of each call; outcome ok, not_found or error;
 *   <li>{@code darkroom_worker_store_errors_total{store,operation,launcher}}: the calls with
 *       outcome error, like {@code darkroom_store_errors_total};
 *   <li>{@code darkroom_worker_store_written_bytes_total{store,launcher}}: payload bytes put.
 * </ul>
 */
final class WorkerStoreMetrics implements MultiCollector {

  static final String OPERATION = "darkroom_worker_store_operation_seconds";
  static final String ERRORS = "darkroom_worker_store_errors";
  static final String WRITTEN = "darkroom_worker_store_written_bytes";

  private static final double[] UPPER_BOUNDS = upperBounds();

  /** The launchers whose partitions run in worker JVMs. */
  static final List<String> WORKER_LAUNCHERS = List.of("process", "kubernetes");

  private final Snapshot<List<StoreOperations>> operations;
  private final String application;
  private final String storeType;

  /**
   * @param storeType the store type of this deployment (workers use the same configuration): its
   *     error series are exported as 0 before the first worker error, so that the dashboard and
   *     alerts see 0, not "no data", like {@code darkroom_store_errors_total}
   */
  WorkerStoreMetrics(
      StoreOperationStatsRepository repository,
      String application,
      String storeType,
      Duration ttl) {
    this.operations = new Snapshot<>(repository::operations, ttl, List.of());
    this.application = application;
    this.storeType = storeType;
  }

  @Override
  public MetricSnapshots collect() {
    HistogramSnapshot.Builder latency =
        HistogramSnapshot.builder()
            .name(OPERATION)
            .unit(Unit.SECONDS)
            .help("Artifact store calls of partitions run in worker JVMs: latency and count");
    Map<Labels, Long> errors = new LinkedHashMap<>();
    for (String launcher : WORKER_LAUNCHERS) {
      for (String operation : List.of("put", "get", "stat", "delete")) {
        errors.put(
            Labels.of(
                "application", application,
                "launcher", launcher,
                "operation", operation,
                "store", storeType),
            0L);
      }
    }
    Map<Labels, Long> written = new LinkedHashMap<>();
    for (StoreOperations o : operations.get()) {
      DurationHistogram h = o.durations();
      latency.dataPoint(
          HistogramDataPointSnapshot.builder()
              .labels(
                  Labels.of(
                      "application", application,
                      "launcher", o.launcher(),
                      "operation", o.operation(),
                      "outcome", o.outcome(),
                      "store", o.store()))
              .sum(h.sumSeconds())
              .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, h.bucketCounts()))
              .build());
      if (o.outcome().equals("error")) {
        errors.merge(
            Labels.of(
                "application", application,
                "launcher", o.launcher(),
                "operation", o.operation(),
                "store", o.store()),
            h.count(),
            Long::sum);
      }
      if (o.bytes() > 0) {
        written.merge(
            Labels.of("application", application, "launcher", o.launcher(), "store", o.store()),
            o.bytes(),
            Long::sum);
      }
    }
    return MetricSnapshots.of(
        latency.build(),
        counter(
            ERRORS, null, "Artifact store calls of worker JVMs' partitions that failed", errors),
        counter(
            WRITTEN,
            Unit.BYTES,
            "Bytes of artifact payloads put by worker JVMs' partitions",
            written));
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(OPERATION, ERRORS, WRITTEN);
  }

  private static CounterSnapshot counter(
      String name, Unit unit, String help, Map<Labels, Long> values) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
    if (unit != null) {
      counter.unit(unit);
    }
    values.forEach(
        (labels, value) ->
            counter.dataPoint(
                CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
    return counter.build();
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
