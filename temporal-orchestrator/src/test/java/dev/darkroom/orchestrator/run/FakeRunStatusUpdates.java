package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.RunStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the status transitions the workflow asked for, in order. */
final class FakeRunStatusUpdates implements RunStatusUpdates {

  private final List<RunStatus> transitions = new CopyOnWriteArrayList<>();

  @Override
  public void markRunning(long runId) {
    transitions.add(RunStatus.RUNNING);
  }

  @Override
  public void markPaused(long runId) {
    transitions.add(RunStatus.PAUSED);
  }

  List<RunStatus> transitions() {
    return List.copyOf(transitions);
  }
}
