package dev.darkroom.orchestrator.temporal.testflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A one-activity workflow: proves a worker, the client and the server fit together. */
@WorkflowInterface
public interface GreetingWorkflow {

  @WorkflowMethod
  String greet(String name);
}
