package dev.darkroom.orchestrator.schedules;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;

/** What a firing does while the schedule's previous run is still going. */
public enum ScheduleOverlap {
  /** The firing is dropped: at most one run of the schedule at a time. */
  SKIP(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP),
  /** One firing waits and starts when the running run ends; further ones are dropped. */
  BUFFER_ONE(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE);

  private final ScheduleOverlapPolicy temporal;

  ScheduleOverlap(ScheduleOverlapPolicy temporal) {
    this.temporal = temporal;
  }

  /** Temporal's policy of the same name. */
  public ScheduleOverlapPolicy temporal() {
    return temporal;
  }
}
