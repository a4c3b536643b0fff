package dev.darkroom.web.observability;

import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.events.nats.NatsRunEvents;
import dev.darkroom.core.run.RunMetricsRepository;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.StoreOperationStatsRepository;
import dev.darkroom.core.run.TimingsRepository;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.schedules.ScheduleService;
import dev.darkroom.orchestrator.schedules.TemporalSchedules;
import dev.darkroom.orchestrator.temporal.TemporalProperties;
import dev.darkroom.storage.archive.ArchiveReader;
import dev.darkroom.storage.metrics.ObservedArtifactStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Health indicators ({@code temporal}, {@code nats}, {@code archiveRoots}) and the server's meters
 * beyond those measured where the work happens (see docs/observability.md for the whole list).
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

  /** A dead Temporal frontend must not hold the health endpoint up for long. */
  static final Duration TEMPORAL_DEADLINE = Duration.ofSeconds(2);

  /** Named so that actuator reports it as {@code temporal}. */
  @Bean
  HealthIndicator temporalHealthIndicator(
      WorkflowServiceStubs stubs, WorkerFactory workers, TemporalProperties properties) {
    return new TemporalHealthIndicator(
        stubs, workers, properties.namespace(), properties.taskQueue(), TEMPORAL_DEADLINE);
  }

  /** {@code nats}, only when run events go over NATS. */
  @Bean
  HealthIndicator natsHealthIndicator(RunEvents events) {
    if (events instanceof NatsRunEvents nats) {
      return new NatsHealthIndicator(nats);
    }
    return () ->
        org.springframework.boot.health.contributor.Health.up()
            .withDetail("events", "in-process only (darkroom.nats.url is not set)")
            .build();
  }

  @Bean
  HealthIndicator archiveRootsHealthIndicator(ArchiveReader archive) {
    return new ArchiveRootsHealthIndicator(archive);
  }

  @Bean
  RunMetricsRepository runMetricsRepository(JdbcClient jdbc) {
    return new RunMetricsRepository(jdbc);
  }

  @Bean
  MeterBinder operationsMetrics(
      RunMetricsRepository repository,
      PipelineRegistry pipelines,
      ArchiveReader archive,
      ListableBeanFactory beans) {
    return new OperationsMetrics(repository, pipelines.ids(), archive, beans);
  }

  /**
   * Tool and chunk timings of every launcher's partitions, from PostgreSQL (ADR 0023), registered
   * with the Prometheus registry itself: they are histograms whose buckets Micrometer cannot read
   * from elsewhere.
   */
  @Bean
  PartitionTimingMetrics partitionTimingMetrics(
      TimingsRepository timings,
      ObjectProvider<PrometheusMeterRegistry> prometheus,
      @Value("${management.metrics.tags.application:darkroom}") String application) {
    PartitionTimingMetrics metrics =
        new PartitionTimingMetrics(timings, application, OperationsMetrics.TTL);
    prometheus.ifAvailable(registry -> registry.getPrometheusRegistry().register(metrics));
    return metrics;
  }

  /**
   * Artifact store calls of worker JVMs' partitions, from PostgreSQL (ADR 0023); the server JVM's
   * own calls are Micrometer's {@code darkroom_store_*}.
   */
  @Bean
  WorkerStoreMetrics workerStoreMetrics(
      StoreOperationStatsRepository storeOperations,
      ArtifactStore store,
      ObjectProvider<PrometheusMeterRegistry> prometheus,
      @Value("${management.metrics.tags.application:darkroom}") String application) {
    WorkerStoreMetrics metrics =
        new WorkerStoreMetrics(
            storeOperations, application, ObservedArtifactStore.type(store), OperationsMetrics.TTL);
    prometheus.ifAvailable(registry -> registry.getPrometheusRegistry().register(metrics));
    return metrics;
  }

  /** Catalog-wide coverage per pipeline step, from the coverage map's counters. */
  @Bean
  MeterBinder coverageMetrics(
      CoverageRepository coverage, PipelineRegistry pipelines, ToolRegistry tools) {
    return new CoverageMetrics(coverage, CoverageSteps.pinned(pipelines, tools));
  }

  /** Schedule firings and misses, from Temporal's schedule info (when schedules are configured). */
  @Bean
  MeterBinder scheduleMetrics(
      ObjectProvider<ScheduleService> schedules, ObjectProvider<TemporalSchedules> temporal) {
    return new ScheduleMetrics(
        () -> {
          ScheduleService service = schedules.getIfAvailable();
          TemporalSchedules client = temporal.getIfAvailable();
          return service == null || client == null
              ? ScheduleMetrics.Totals.NONE
              : ScheduleMetrics.read(service, client);
        });
  }

  @Bean
  RunOutcomeMetrics runOutcomeMetrics(
      RunEvents events, RunRepository runs, MeterRegistry registry) {
    return new RunOutcomeMetrics(events, runs, registry);
  }

  /**
   * {@code darkroom_nats_published_total}, {@code darkroom_nats_publish_failures_total} (events
   * other processes will not see) and {@code darkroom_nats_connected}; all 0 without NATS.
   */
  @Bean
  MeterBinder natsMetrics(RunEvents events) {
    return registry -> {
      NatsRunEvents nats = events instanceof NatsRunEvents n ? n : null;
      FunctionCounter.builder(
              "darkroom.nats.published", events, e -> nats == null ? 0 : nats.published())
          .description("Run events handed to NATS")
          .register(registry);
      FunctionCounter.builder(
              "darkroom.nats.publish.failures", events, e -> nats == null ? 0 : nats.dropped())
          .description("Run events that could not be published to NATS (dropped)")
          .register(registry);
      Gauge.builder(
              "darkroom.nats.connected", events, e -> nats != null && nats.connected() ? 1 : 0)
          .description("1 while connected to NATS (0 also when NATS is not configured)")
          .register(registry);
    };
  }
}
