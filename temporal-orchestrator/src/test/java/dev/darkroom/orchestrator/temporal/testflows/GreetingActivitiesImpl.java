package dev.darkroom.orchestrator.temporal.testflows;

public class GreetingActivitiesImpl implements GreetingActivities {

  @Override
  public String compose(String greeting, String name) {
    return greeting + ", " + name + "!";
  }
}
