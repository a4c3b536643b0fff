package dev.darkroom.orchestrator.temporal.testflows;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Waits for one signal and returns its value: state that must outlive a server restart. */
@WorkflowInterface
public interface AwaitSignalWorkflow {

  @WorkflowMethod
  String await();

  @SignalMethod
  void release(String value);
}
