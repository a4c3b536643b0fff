package dev.darkroom.batch.duplicates;

import dev.darkroom.core.duplicates.AggregateStepState;
import dev.darkroom.core.run.AggregateStepOutcome;
import dev.darkroom.core.run.AggregateSteps;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Component;

/** The aggregate steps this build ships, each a Spring Batch job in this JVM. */
@Component
public class BatchAggregateSteps implements AggregateSteps {

  private final NearDuplicatesService nearDuplicates;

  BatchAggregateSteps(NearDuplicatesService nearDuplicates) {
    this.nearDuplicates = nearDuplicates;
  }

  @Override
  public AggregateStepOutcome execute(long runId, String step, BooleanSupplier stopRequested) {
    if (!step.equals(NearDuplicatesService.STEP)) {
      throw new IllegalArgumentException("no aggregate step " + step + " in this build");
    }
    AggregateStepState state;
    try {
      state = nearDuplicates.run(runId, stopRequested, NearDuplicatesService.Listener.none());
    } catch (AggregateStepFailedException e) {
      throw new AggregateStepException(e.getMessage());
    }
    return new AggregateStepOutcome(
        runId,
        step,
        state.status(),
        state.launches(),
        state.membersAdded(),
        state.membersMerged(),
        state.clustersWritten());
  }
}
