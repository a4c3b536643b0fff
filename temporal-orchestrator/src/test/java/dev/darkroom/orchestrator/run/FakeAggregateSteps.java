package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.AggregateStepOutcome;
import dev.darkroom.core.run.AggregateSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Aggregate steps that record their calls, with how many partitions had been launched and whether
 * the run was finished at the time; the first {@code failures} calls fail.
 */
final class FakeAggregateSteps implements AggregateSteps {

  /** One call: the step, launches so far, finish calls so far. */
  record Call(String step, int launchesBefore, int finishesBefore) {}

  private final FakeWorkerLauncher launcher;
  private final FakeRunFinishing finishing;
  private final List<Call> calls = new ArrayList<>();
  private int failures;

  FakeAggregateSteps(FakeWorkerLauncher launcher, FakeRunFinishing finishing) {
    this.launcher = launcher;
    this.finishing = finishing;
  }

  synchronized FakeAggregateSteps failFirst(int calls) {
    this.failures = calls;
    return this;
  }

  @Override
  public synchronized AggregateStepOutcome execute(
      long runId, String step, BooleanSupplier stopRequested) {
    calls.add(new Call(step, launcher.launches().size(), finishing.calls().size()));
    if (failures > 0) {
      failures--;
      throw new AggregateStepException("injected failure of " + step);
    }
    return new AggregateStepOutcome(runId, step, "COMPLETED", calls.size(), 3, 3, 1);
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }
}
