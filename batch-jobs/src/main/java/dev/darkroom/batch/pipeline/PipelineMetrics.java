package dev.darkroom.batch.pipeline;

import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The meters of partition jobs, in the process that runs them (labels: pipeline, tool, version,
 * status, outcome; never a run, asset or path):
 *
 * <ul>
 *   <li>{@code darkroom_units_processed_total{pipeline,status}}: units finished by committed chunks
 *       (done, failed, skipped);
 *   <li>{@code darkroom_chunk_commit_seconds{pipeline}}: a chunk's write, from its first store put
 *       to its commit;
 *   <li>{@code darkroom_tool_duration_seconds{tool,version,outcome}}: one try of one tool on one
 *       unit, as a histogram; {@code outcome} is success, failed, skipped or error (the tool
 *       threw).
 * </ul>
 *
 * Without a registry (a bare worker JVM) the meters go to Micrometer's global registry, which
 * discards them unless something is attached (see docs/observability.md on pushing them).
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

  /** Counts committed units and times chunk commits of one partition's job. */
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

  void chunkCommitted(String pipeline, Duration took) {
    Timer.builder("darkroom.chunk.commit")
        .description("A chunk's write: payloads into the store, rows and unit statuses, commit")
        .tag("pipeline", pipeline)
        .publishPercentileHistogram()
        .register(registry)
        .record(took);
  }

  /** What {@link ToolRunner} calls after every try of a tool. */
  void toolTried(Tool tool, ToolResult result, boolean threw, Duration took) {
    String outcome;
    if (threw) {
      outcome = "error";
    } else if (result instanceof ToolResult.Success) {
      outcome = "success";
    } else if (result instanceof ToolResult.Skipped) {
      outcome = "skipped";
    } else {
      outcome = "failed";
    }
    Timer.builder("darkroom.tool.duration")
        .description("One try of a tool on one unit")
        .tags("tool", tool.id(), "version", tool.version(), "outcome", outcome)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry)
        .record(took);
  }
}
