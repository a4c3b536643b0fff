package dev.darkroom.orchestrator.temporal.testflows;

import io.temporal.activity.ActivityInterface;

@ActivityInterface
public interface GreetingActivities {

  String compose(String greeting, String name);
}
