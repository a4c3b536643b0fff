package dev.darkroom.orchestrator.schedules;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One firing of a schedule: creates the run (as the REST launcher does) and lasts as long as the
 * run, so the schedule's overlap policy sees the run as running.
 */
@WorkflowInterface
public interface ScheduledRunWorkflow {

  /**
   * @return the id of the run this firing created, or {@link ScheduleActivities#NO_RUN} when the
   *     schedule no longer exists in PostgreSQL
   */
  @WorkflowMethod
  long fire(long scheduleId);
}
