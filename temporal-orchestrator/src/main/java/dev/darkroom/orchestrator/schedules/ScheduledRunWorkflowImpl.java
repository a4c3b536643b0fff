package dev.darkroom.orchestrator.schedules;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class ScheduledRunWorkflowImpl implements ScheduledRunWorkflow {

  private final ScheduleActivities start =
      Workflow.newActivityStub(
          ScheduleActivities.class,
          ActivityOptions.newBuilder()
              // Creating a run is a few queries and a workflow start.
              .setStartToCloseTimeout(Duration.ofMinutes(2))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setBackoffCoefficient(2)
                      // Temporal or PostgreSQL down for longer: this firing fails, the next one
                      // tries again.
                      .setMaximumAttempts(6)
                      // The request itself is wrong (pipeline gone, archive root not mounted):
                      // retrying cannot help, and the reason is in the firing's failure.
                      .setDoNotRetry(
                          "dev.darkroom.core.run.InvalidRunRequestException",
                          "dev.darkroom.batch.preflight.RunPreflightException",
                          "dev.darkroom.orchestrator.run.RunStartFailedException")
                      .build())
              .build());

  private final ScheduleActivities await =
      Workflow.newActivityStub(
          ScheduleActivities.class,
          ActivityOptions.newBuilder()
              // A production run over a large archive may take days, or be paused for days.
              .setStartToCloseTimeout(Duration.ofDays(30))
              // A worker that died is noticed within a minute and the wait resumes elsewhere.
              .setHeartbeatTimeout(Duration.ofMinutes(1))
              .setRetryOptions(
                  RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(5)).build())
              .build());

  @Override
  public long fire(long scheduleId) {
    long runId = start.startRun(scheduleId, Workflow.getInfo().getWorkflowId());
    if (runId != ScheduleActivities.NO_RUN) {
      await.awaitRunEnd(runId);
    }
    return runId;
  }
}
