package dev.darkroom.orchestrator.schedules;

import dev.darkroom.orchestrator.temporal.TemporalUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Temporal's side of schedules, through the SDK's {@link ScheduleClient}: one Temporal Schedule per
 * definition, id {@link ScheduleIds#of}, whose action starts a {@link ScheduledRunWorkflow} on
 * Darkroom's task queue. Unreachable Temporal becomes {@link TemporalUnavailableException} at once,
 * as for runs.
 */
public class TemporalSchedules {

  private final ScheduleClient client;
  private final ScheduleIds ids;
  private final String taskQueue;
  private final BooleanSupplier reachable;
  private final String target;

  public TemporalSchedules(
      ScheduleClient client,
      ScheduleIds ids,
      String taskQueue,
      BooleanSupplier reachable,
      String target) {
    this.client = client;
    this.ids = ids;
    this.taskQueue = taskQueue;
    this.reachable = reachable;
    this.target = target;
  }

  /**
   * Creates the schedule, or replaces an existing one's spec, policy and state by the definition.
   *
   * @return true when it was created, false when it existed and was updated
   */
  public boolean upsert(ScheduleDefinition definition) {
    return call(
        "saved",
        () -> {
          Schedule schedule = schedule(definition);
          try {
            client.createSchedule(
                ids.of(definition.id()), schedule, ScheduleOptions.newBuilder().build());
            return true;
          } catch (ScheduleAlreadyRunningException exists) {
            handle(definition.id()).update(input -> new ScheduleUpdate(schedule));
            return false;
          }
        });
  }

  /** Deletes the schedule; one that does not exist is not an error. */
  public void delete(long scheduleId) {
    deleteById(ids.of(scheduleId));
  }

  /** Deletes a schedule by its Temporal id (an orphan); one that does not exist is fine. */
  public void deleteById(String temporalId) {
    call(
        "deleted",
        () -> {
          try {
            client.getHandle(temporalId).delete();
          } catch (RuntimeException e) {
            if (!notFound(e)) {
              throw e;
            }
          }
          return null;
        });
  }

  public void pause(long scheduleId, String note) {
    call(
        "paused",
        () -> {
          handle(scheduleId).pause(note);
          return null;
        });
  }

  public void unpause(long scheduleId, String note) {
    call(
        "unpaused",
        () -> {
          handle(scheduleId).unpause(note);
          return null;
        });
  }

  /** Fires now, under the schedule's own overlap policy (a run still going skips or buffers it). */
  public void trigger(long scheduleId, ScheduleOverlap overlap) {
    call(
        "triggered",
        () -> {
          handle(scheduleId).trigger(overlap.temporal());
          return null;
        });
  }

  /** What Temporal knows of the schedule; empty when it has no such schedule. */
  public Optional<ScheduleSnapshot> describe(long scheduleId) {
    return call(
        "described",
        () -> {
          ScheduleDescription description;
          try {
            description = handle(scheduleId).describe();
          } catch (RuntimeException e) {
            if (notFound(e)) {
              return Optional.empty();
            }
            throw e;
          }
          var info = description.getInfo();
          List<String> running =
              info.getRunningActions().stream()
                  .filter(a -> a instanceof ScheduleActionExecutionStartWorkflow)
                  .map(a -> ((ScheduleActionExecutionStartWorkflow) a).getWorkflowId())
                  .toList();
          boolean paused = description.getSchedule().getState().isPaused();
          return Optional.of(
              new ScheduleSnapshot(
                  paused,
                  // Temporal computes the times of a paused schedule too; none of them will fire.
                  paused ? List.of() : info.getNextActionTimes(),
                  running,
                  info.getRecentActions().stream().map(a -> a.getScheduledAt()).toList(),
                  info.getNumActions(),
                  info.getNumActionsSkippedOverlap(),
                  info.getNumActionsMissedCatchupWindow()));
        });
  }

  /** Ids of this installation's schedules in Temporal. */
  public List<String> listIds() {
    return call(
        "listed",
        () -> {
          try (Stream<ScheduleListDescription> all = client.listSchedules()) {
            return all.map(ScheduleListDescription::getScheduleId)
                .filter(id -> ids.parse(id).isPresent())
                .sorted()
                .toList();
          }
        });
  }

  Schedule schedule(ScheduleDefinition definition) {
    ScheduleDraft d = definition.draft();
    ScheduleSpec.Builder spec = ScheduleSpec.newBuilder().setTimeZoneName(d.timing().timeZone());
    if (d.timing().cron() != null) {
      spec.setCronExpressions(List.of(d.timing().cron()));
    } else {
      spec.setIntervals(List.of(new ScheduleIntervalSpec(d.timing().interval())));
    }
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ScheduledRunWorkflow.class)
                .setArguments(definition.id())
                .setOptions(
                    WorkflowOptions.newBuilder()
                        // Temporal appends the firing time: one workflow id per firing.
                        .setWorkflowId(ids.of(definition.id()))
                        .setTaskQueue(taskQueue)
                        .build())
                .build())
        .setSpec(spec.build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(d.overlap().temporal())
                .setCatchupWindow(d.catchupWindow())
                .build())
        .setState(
            ScheduleState.newBuilder()
                .setPaused(d.paused())
                .setNote(d.note() == null ? "" : d.note())
                .build())
        .build();
  }

  private ScheduleHandle handle(long scheduleId) {
    return client.getHandle(ids.of(scheduleId));
  }

  private <T> T call(String what, Supplier<T> call) {
    if (!reachable.getAsBoolean()) {
      throw new TemporalUnavailableException("schedule " + what, target, null);
    }
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (status(e) == Status.Code.UNAVAILABLE || status(e) == Status.Code.DEADLINE_EXCEEDED) {
        throw new TemporalUnavailableException("schedule " + what, target, e);
      }
      if (status(e) == Status.Code.INVALID_ARGUMENT) {
        throw new InvalidScheduleException(
            "Temporal refused the schedule: " + grpcMessage(e) + " (check the cron expression)", e);
      }
      throw e;
    }
  }

  static boolean notFound(Throwable e) {
    return status(e) == Status.Code.NOT_FOUND;
  }

  private static Status.Code status(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode();
      }
    }
    return Status.Code.OK;
  }

  private static String grpcMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        String d = grpc.getStatus().getDescription();
        return d == null ? grpc.getStatus().getCode().name() : d;
      }
    }
    return e.getMessage();
  }
}
