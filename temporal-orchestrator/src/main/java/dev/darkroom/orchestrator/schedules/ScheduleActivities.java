package dev.darkroom.orchestrator.schedules;

import io.temporal.activity.ActivityInterface;

/** What a firing does outside the workflow; thin over {@link ScheduleFiring}. */
@ActivityInterface
public interface ScheduleActivities {

  /** Returned by {@link #startRun} when the schedule is gone from PostgreSQL. */
  long NO_RUN = -1;

  /**
   * Creates and starts the firing's run, or returns the run it created already (a retry).
   *
   * @param firing the firing's workflow id, unique per firing
   */
  long startRun(long scheduleId, String firing);

  /** Waits, heartbeating, until the run has ended. */
  void awaitRunEnd(long runId);
}
