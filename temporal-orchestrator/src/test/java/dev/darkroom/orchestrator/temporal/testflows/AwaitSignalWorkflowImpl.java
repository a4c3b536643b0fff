package dev.darkroom.orchestrator.temporal.testflows;

import io.temporal.workflow.Workflow;

public class AwaitSignalWorkflowImpl implements AwaitSignalWorkflow {

  private String value;

  @Override
  public String await() {
    Workflow.await(() -> value != null);
    return "released with " + value;
  }

  @Override
  public void release(String value) {
    this.value = value;
  }
}
