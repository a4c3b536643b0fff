package dev.darkroom.bench.runs;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.launcher.RunsConfiguration;
import dev.darkroom.orchestrator.run.RunStatusUpdates;
import dev.darkroom.orchestrator.run.RunWorkerRegistration;
import dev.darkroom.orchestrator.temporal.TemporalConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The server's run machinery without the web layer: auto-configuration (data source, artifact
 * store), the batch jobs, Temporal (the embedded dev server when {@code temporal} is on PATH), the
 * in-process launcher and the run worker with the real {@code RunWorkflow} and activities.
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
