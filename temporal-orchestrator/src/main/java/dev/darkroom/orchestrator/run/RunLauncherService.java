package dev.darkroom.orchestrator.run;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/**
 * Starts and steers {@link RunWorkflow}s for runs whose row already exists, by workflow id (the one
 * stored in {@code run.workflow_id}; see {@link RunWorkflowIds}). Calls for a workflow that does
 * not exist throw Temporal's {@code WorkflowNotFoundException}.
 */
public class RunLauncherService {

  private final WorkflowClient client;
  private final String taskQueue;

  public RunLauncherService(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /**
   * Starts the run's workflow and returns its id. Idempotent while the workflow runs: starting it
   * again returns the same id. A run whose workflow failed, timed out, was terminated or cancelled
   * can be started again (planning is idempotent and partitions restart from their committed
   * chunks).
   *
   * @throws RunAlreadyCompletedException if the run's workflow completed
   */
  public String start(String workflowId, RunInput input) {
    RunWorkflow workflow =
        client.newWorkflowStub(
            RunWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                // No execution or run timeout: a run may be paused for days; cancel ends it.
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                .build());
    try {
      WorkflowClient.start(workflow::run, input);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      // Same run id, same workflow: a retried start request changes nothing. The reuse policy
      // refuses only a running or a completed workflow.
      WorkflowExecutionStatus status =
          client.newUntypedWorkflowStub(workflowId).describe().getStatus();
      if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        throw new RunAlreadyCompletedException(input.runId(), workflowId);
      }
    }
    return workflowId;
  }

  /** Requests cancellation: running partitions stop at a chunk boundary, the run ends CANCELLED. */
  public void cancel(String workflowId) {
    client.newUntypedWorkflowStub(workflowId).cancel();
  }

  public void pause(String workflowId) {
    stub(workflowId).pause();
  }

  public void resume(String workflowId) {
    stub(workflowId).resume();
  }

  public RunProgress progress(String workflowId) {
    return stub(workflowId).progress();
  }

  private RunWorkflow stub(String workflowId) {
    return client.newWorkflowStub(RunWorkflow.class, workflowId);
  }
}
