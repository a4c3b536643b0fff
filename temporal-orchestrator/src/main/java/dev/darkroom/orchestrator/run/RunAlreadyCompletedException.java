package dev.darkroom.orchestrator.run;

/** A run's workflow already ran to completion, so the run cannot be started again. */
public class RunAlreadyCompletedException extends RuntimeException {

  public RunAlreadyCompletedException(long runId, String workflowId) {
    super(
        "Run "
            + runId
            + " has already completed (workflow "
            + workflowId
            + "); start a new run, for example one that reruns its failed units");
  }
}
