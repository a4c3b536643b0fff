package dev.darkroom.orchestrator.temporal.testflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class GreetingWorkflowImpl implements GreetingWorkflow {

  private final GreetingActivities activities =
      Workflow.newActivityStub(
          GreetingActivities.class,
          // A local string operation: seconds are plenty, and a hung test should fail fast.
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

  @Override
  public String greet(String name) {
    return activities.compose("Hello", name);
  }
}
