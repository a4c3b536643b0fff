package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.RunStatus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records how runs were finished; a cancelled run ends CANCELLED, any other COMPLETED. */
final class FakeRunFinishing implements RunFinishing {

  private final List<Boolean> cancelledFlags = new CopyOnWriteArrayList<>();

  @Override
  public RunOutcome finish(long runId, boolean cancelled) {
    cancelledFlags.add(cancelled);
    return new RunOutcome(runId, cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETED, 0, 0, 0);
  }

  /** The {@code cancelled} argument of every call, in order. */
  List<Boolean> calls() {
    return List.copyOf(cancelledFlags);
  }
}
