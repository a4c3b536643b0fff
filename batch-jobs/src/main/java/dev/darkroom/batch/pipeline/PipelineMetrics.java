package dev.darkroom.batch.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The Micrometer meter of partition jobs, in the process that runs them: {@code
 * darkroom_units_processed_total{pipeline,status}}, units finished by committed chunks (done,
 * failed, skipped). Tool and chunk timings are not meters here: every launcher's jobs add them to
 * PostgreSQL ({@link PartitionTimings}) and the server exports them (ADR 0023).
 *
 * <p>Without a registry (a bare worker JVM) the meter goes to Micrometer's global registry, which
 * discards it; the server's {@code darkroom_units_finished_total} counts every launcher's units.
 */
@Component
public class PipelineMetrics {

  private final MeterRegistry registry;

  @Autowired
  PipelineMetrics(ObjectProvider<MeterRegistry> registry) {
    this(registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts committed units of one partition's job. */
  ChunkMetrics chunkListener(String pipeline) {
    return new ChunkMetrics(this, pipeline);
  }

  void unitsCommitted(String pipeline, String status, long count) {
    if (count > 0) {
      Counter.builder("darkroom.units.processed")
          .description("Units finished by committed chunks, by final status")
          .tags("pipeline", pipeline, "status", status)
          .register(registry)
          .increment(count);
    }
  }
}
