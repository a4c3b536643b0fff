package dev.darkroom.web.observability;

import dev.darkroom.core.run.RunMetricsRepository;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.archive.MountedRoot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The gauges read from the truth (PostgreSQL, health checks, the archive) when Prometheus scrapes,
 * each query at most once per {@link #TTL}:
 *
 * <ul>
 *   <li>{@code darkroom_runs{status}}: unfinished runs (pending, planning, running, paused);
 *   <li>{@code darkroom_partitions{launcher,state}}: partitions of unfinished runs, {@code active}
 *       (running or stopping) or {@code queued} (not launched yet, launcher {@code unassigned});
 *   <li>{@code darkroom_run_coverage_ratio{pipeline}}: done or skipped share of the newest finished
 *       run of each pipeline (the catalog-wide coverage per step is {@link CoverageMetrics});
 *   <li>{@code darkroom_units_finished_total{pipeline,status}}: units finished by any launcher,
 *       from the unit counters (the in-process {@code darkroom_units_processed_total} misses the
 *       units of worker JVMs and Jobs, which export no metrics); the alerts read this one;
 *   <li>{@code darkroom_health{component}}: 1 when the health component is UP, else 0;
 *   <li>{@code darkroom_archive_root_mounted{root}}: 1 when the archive root is mounted, readable
 *       and not empty;
 * </ul>
 */
final class OperationsMetrics implements MeterBinder {

  static final Duration TTL = Duration.ofSeconds(5);
  static final List<String> LAUNCHERS = List.of("in-process", "process", "kubernetes");
  static final List<String> HEALTH_COMPONENTS =
      List.of("db", "artifactStore", "temporal", "nats", "archiveRoots");

  private final Snapshot<Map<RunStatus, Long>> runs;
  private final Snapshot<Map<List<String>, Long>> partitions;
  private final Snapshot<Map<String, Double>> coverage;
  private final Snapshot<Map<List<String>, Long>> finished;
  private final List<String> pipelines;
  private final ArchiveReader archive;
  private final ListableBeanFactory beans;

  OperationsMetrics(
      RunMetricsRepository repository,
      List<String> pipelines,
      ArchiveReader archive,
      ListableBeanFactory beans) {
    this.runs = new Snapshot<>(repository::unfinishedRuns, TTL, Map.of());
    this.partitions = new Snapshot<>(repository::openPartitions, TTL, Map.of());
    this.coverage = new Snapshot<>(repository::newestRunCoverage, TTL, Map.of());
    this.finished = new Snapshot<>(repository::finishedUnits, TTL, Map.of());
    this.pipelines = List.copyOf(pipelines);
    this.archive = archive;
    this.beans = beans;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String pipeline : pipelines) {
      for (String status : List.of("done", "failed", "skipped")) {
        FunctionCounter.builder(
                "darkroom.units.finished",
                finished,
                f -> f.get().getOrDefault(List.of(pipeline, status), 0L))
            .description(
                "Units finished by every launcher (in-process, worker JVMs, Kubernetes Jobs), from"
                    + " PostgreSQL's unit counters")
            .tag("pipeline", pipeline)
            .tag("status", status)
            .register(registry);
      }
    }
    for (RunStatus status :
        List.of(RunStatus.PENDING, RunStatus.PLANNING, RunStatus.RUNNING, RunStatus.PAUSED)) {
      Gauge.builder("darkroom.runs", runs, s -> s.get().getOrDefault(status, 0L))
          .description("Unfinished runs by status")
          .tag("status", lower(status.name()))
          .register(registry);
    }
    for (String launcher : LAUNCHERS) {
      partitionGauge(registry, launcher, "active", "RUNNING", "STOPPING");
    }
    partitionGauge(registry, "unassigned", "queued", "PENDING");
    for (String launcher : LAUNCHERS) {
      partitionGauge(registry, launcher, "queued", "PENDING");
    }
    for (String pipeline : pipelines) {
      Gauge.builder(
              "darkroom.run.coverage.ratio", coverage, s -> s.get().getOrDefault(pipeline, 0.0))
          .description("Done or skipped share of the units of the pipeline's newest finished run")
          .tag("pipeline", pipeline)
          .register(registry);
    }
    for (String component : HEALTH_COMPONENTS) {
      Snapshot<Double> up = new Snapshot<>(() -> healthOf(component), TTL, Double.NaN);
      // Strong: Micrometer holds gauge state weakly, and nothing else holds these snapshots.
      Gauge.builder("darkroom.health", up, Snapshot::get)
          .strongReference(true)
          .description("1 when the health component is UP, 0 when not, NaN when not present")
          .tag("component", component)
          .register(registry);
    }
    for (MountedRoot root : archive.roots()) {
      Snapshot<Double> mounted =
          new Snapshot<>(
              () -> ArchiveRootsHealthIndicator.problem(archive, root).isEmpty() ? 1.0 : 0.0,
              TTL,
              0.0);
      Gauge.builder("darkroom.archive.root.mounted", mounted, Snapshot::get)
          .strongReference(true)
          .description("1 when the archive root is mounted, readable and not empty")
          .tag("root", root.name())
          .register(registry);
    }
  }

  private void partitionGauge(
      MeterRegistry registry, String launcher, String state, String... statuses) {
    Gauge.builder(
            "darkroom.partitions",
            partitions,
            s -> {
              long n = 0;
              for (String status : statuses) {
                n += s.get().getOrDefault(List.of(launcher, status), 0L);
              }
              return n;
            })
        .description("Partitions of unfinished runs: active (running, stopping) or queued")
        .tags("launcher", launcher, "state", state)
        .register(registry);
  }

  private double healthOf(String component) {
    // The beans, by Boot's naming: `<component>HealthIndicator` or `<component>HealthContributor`.
    HealthContributor contributor = null;
    for (String suffix : List.of("HealthIndicator", "HealthContributor")) {
      if (contributor == null && beans.containsBean(component + suffix)) {
        Object bean = beans.getBean(component + suffix);
        contributor = bean instanceof HealthContributor c ? c : null;
      }
    }
    Boolean up = up(contributor);
    return up == null ? Double.NaN : up ? 1.0 : 0.0;
  }

  /** Whether the contributor (an indicator, or every indicator of a composite) is UP. */
  private static @Nullable Boolean up(@Nullable HealthContributor contributor) {
    if (contributor instanceof HealthIndicator indicator) {
      Health result = indicator.health(false);
      return result != null && Status.UP.equals(result.getStatus());
    }
    if (contributor instanceof CompositeHealthContributor composite) {
      boolean all = true;
      boolean any = false;
      for (HealthContributors.Entry entry : composite) {
        Boolean up = up(entry.contributor());
        if (up != null) {
          any = true;
          all &= up;
        }
      }
      return any ? all : null;
    }
    return null;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
