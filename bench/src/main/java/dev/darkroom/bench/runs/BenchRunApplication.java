package dev.darkroom.bench.runs;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.launcher.RunsConfiguration;
import dev.darkroom.orchestrator.run.RunStatusUpdates;
import dev.darkroom.orchestrator.run.RunWorkerRegistration;
import dev.darkroom.orchestrator.temporal.TemporalConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The server's run machinery without the web layer: auto-configuration (data source, artifact
 * store), the batch jobs, Temporal (the embedded dev server when {@code temporal} is on PATH), the
 * in-process launcher and the run worker with the real {@code RunWorkflow} and activities. The
 * shipped tools and pipelines plus the benchmark's slow {@code bench-sleep} pipeline ({@link
 * SleepTool}); the context needs {@code spring.main.allow-bean-definition-overriding=true} for them
 * to replace the shipped registries.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({
  BatchJobsConfiguration.class,
  TemporalConfiguration.class,
  RunsConfiguration.class,
  RunWorkerRegistration.class
})
public class BenchRunApplication {

  @Bean
  ToolRegistry toolRegistry() {
    ToolRegistry standard = StandardTools.registry();
    List<Tool> tools = new ArrayList<>(standard.ids().stream().map(standard::get).toList());
    tools.add(new SleepTool());
    return new ToolRegistry(tools);
  }

  @Bean
  PipelineRegistry pipelineRegistry() {
    return new PipelineRegistry(
        List.of(PipelineRegistry.IMAGES_BASIC, SleepTool.PIPELINE, ThumbnailRuns.PIPELINE));
  }

  /** What the server's {@code JdbcRunStatusUpdates} does: guarded transitions of the run row. */
  @Bean
  RunStatusUpdates runStatusUpdates(RunRepository runs) {
    return new RunStatusUpdates() {
      @Override
      public void markRunning(long runId) {
        runs.transition(runId, RunStatus.RUNNING);
      }

      @Override
      public void markPaused(long runId) {
        runs.transition(runId, RunStatus.PAUSED);
      }
    };
  }
}
