package dev.darkroom.orchestrator.schedules;

import io.temporal.activity.Activity;

/** Delegates to {@link ScheduleFiring}; the wait heartbeats through Temporal. */
public class ScheduleActivitiesImpl implements ScheduleActivities {

  private final ScheduleFiring firing;

  public ScheduleActivitiesImpl(ScheduleFiring firing) {
    this.firing = firing;
  }

  @Override
  public long startRun(long scheduleId, String firingId) {
    return firing.startRun(scheduleId, firingId).orElse(NO_RUN);
  }

  @Override
  public void awaitRunEnd(long runId) {
    var context = Activity.getExecutionContext();
    firing.awaitRunEnd(runId, status -> context.heartbeat(status.name()));
  }
}
