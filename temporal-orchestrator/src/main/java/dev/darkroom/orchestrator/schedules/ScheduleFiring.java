package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.run.RunService;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a firing does, without Temporal: starts the schedule's run through {@link
 * RunService#startRun} (the REST launcher's path: validation, preflight, the run row, its workflow)
 * and tags it with the schedule, then waits for it to end.
 */
public class ScheduleFiring {

  private static final Logger log = LoggerFactory.getLogger(ScheduleFiring.class);

  private final ScheduleRepository schedules;
  private final RunService runs;
  private final Duration pollInterval;

  /**
   * @param pollInterval how often the wait reads the run's status (and heartbeats)
   */
  public ScheduleFiring(ScheduleRepository schedules, RunService runs, Duration pollInterval) {
    this.schedules = schedules;
    this.runs = runs;
    this.pollInterval = pollInterval;
  }

  /**
   * @param firing unique per firing (the scheduled workflow's id)
   * @return the run's id; empty when the schedule no longer exists (an orphan in Temporal fired)
   */
  public OptionalLong startRun(long scheduleId, String firing) {
    Optional<Long> earlier = schedules.runOfFiring(firing);
    if (earlier.isPresent()) {
      return OptionalLong.of(earlier.get());
    }
    Optional<ScheduleDefinition> found = schedules.find(scheduleId);
    if (found.isEmpty()) {
      log.warn(
          "Schedule {} fired ({}) but is not defined in PostgreSQL: no run started. Delete the"
              + " orphaned Temporal schedule, or restart Darkroom to have it reported.",
          scheduleId,
          firing);
      return OptionalLong.empty();
    }
    ScheduleDefinition schedule = found.get();
    ScheduleDraft d = schedule.draft();
    String requestedBy = "schedule:" + schedule.name();
    // A production firing plans only what is missing, stale or failed unless the schedule forces
    // a full reprocessing (docs/coverage.md, docs/schedules.md).
    RunRequest request =
        new RunRequest(
            d.pipelineId(),
            d.collectionId(),
            d.collectionQuery(),
            null,
            RunPolicy.production().withThumbnailSize(d.thumbnailSize()),
            d.parameters(),
            requestedBy,
            d.force());
    long runId = runs.startRun(request, requestedBy);
    schedules.tagRun(runId, scheduleId, firing);
    log.info("Schedule \"{}\" ({}) fired: run {} started", schedule.name(), scheduleId, runId);
    return OptionalLong.of(runId);
  }

  /**
   * Returns once the run has ended (or is gone), calling {@code heartbeat} with its status at every
   * poll.
   */
  public void awaitRunEnd(long runId, Consumer<RunStatus> heartbeat) {
    while (true) {
      Optional<RunStatus> status = schedules.runStatus(runId);
      if (status.isEmpty() || status.get().terminal()) {
        return;
      }
      heartbeat.accept(status.get());
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for run " + runId, e);
      }
    }
  }
}
