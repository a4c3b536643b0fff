package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import java.util.concurrent.atomic.AtomicInteger;

/** Plans every run into a fixed number of partitions, the way JdbcRunPlanning would report it. */
final class FakeRunPlanning implements RunPlanning {

  static final long UNITS_PER_PARTITION = 2000;

  private final int partitions;
  private final AtomicInteger calls = new AtomicInteger();

  FakeRunPlanning(int partitions) {
    this.partitions = partitions;
  }

  @Override
  public PlanResult plan(long runId, int slots) {
    calls.incrementAndGet();
    return new PlanResult(runId, partitions, partitions * UNITS_PER_PARTITION);
  }

  int calls() {
    return calls.get();
  }
}
