package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.RunOutcome;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Executes one run: plan, partitions with bounded concurrency, finish. Its workflow id is stored in
 * {@code run.workflow_id}: {@code darkroom-<installation>-run-<run id>} (see {@link
 * RunWorkflowIds}). Cancel it with workflow cancellation ({@code WorkflowStub.cancel()}): running
 * partitions stop at a chunk boundary and the run ends CANCELLED.
 */
@WorkflowInterface
public interface RunWorkflow {

  @WorkflowMethod
  RunOutcome run(RunInput input);

  /** Launches no new partition and stops the running ones at a chunk boundary; run PAUSED. */
  @SignalMethod
  void pause();

  /** Launches partitions again, stopped ones first, from their last committed chunk. */
  @SignalMethod
  void resume();

  @QueryMethod
  RunProgress progress();
}
