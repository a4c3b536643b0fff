package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunStatus;
import org.springframework.stereotype.Component;

/** {@link RunStatusUpdates} as guarded transitions of the {@code run} row. */
@Component
class JdbcRunStatusUpdates implements RunStatusUpdates {

  private final RunRepository runs;

  JdbcRunStatusUpdates(RunRepository runs) {
    this.runs = runs;
  }

  @Override
  public void markRunning(long runId) {
    runs.transition(runId, RunStatus.RUNNING);
  }

  @Override
  public void markPaused(long runId) {
    runs.transition(runId, RunStatus.PAUSED);
  }
}
