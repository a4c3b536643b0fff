package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.orchestrator.run.RunService;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Promote: what was tried in a sandbox run — its pipeline, scope and tool parameters — becomes a
 * production run or a schedule in one action. The sandbox's sample, seed and TTL are dropped, and
 * so is its thumbnail size when it is the sandbox default (production uses the tool's default).
 */
public class RunPromotion {

  private final RunService runs;
  private final ScheduleService schedules;

  public RunPromotion(RunService runs, ScheduleService schedules) {
    this.runs = runs;
    this.schedules = schedules;
  }

  /**
   * Starts a production run like the sandbox run.
   *
   * @return the new run's id
   * @throws InvalidRunRequestException if the run is not a sandbox run of a scope
   */
  public long toProductionRun(long sandboxRunId, String requestedBy) {
    Run run = promotable(sandboxRunId);
    RunRequest request =
        new RunRequest(
            run.pipelineId(),
            run.collectionId(),
            run.collectionQuery(),
            null,
            RunPolicy.production().withThumbnailSize(thumbnailSize(run)),
            run.parameters(),
            requestedBy);
    return runs.startRun(request, requestedBy);
  }

  /**
   * A schedule draft like the sandbox run, to be completed with a name and a timing.
   *
   * @throws InvalidRunRequestException if the run is not a sandbox run of a scope
   */
  public ScheduleDraft toScheduleDraft(
      long sandboxRunId,
      String name,
      ScheduleTiming timing,
      ScheduleOverlap overlap,
      @Nullable Duration catchupWindow,
      @Nullable String note) {
    Run run = promotable(sandboxRunId);
    return new ScheduleDraft(
        name,
        run.pipelineId(),
        run.collectionId(),
        run.collectionQuery(),
        thumbnailSize(run),
        run.parameters(),
        false,
        timing,
        overlap,
        catchupWindow,
        false,
        note == null ? "promoted from sandbox run " + sandboxRunId : note);
  }

  /** Creates the schedule of {@link #toScheduleDraft}; returns its id. */
  public long toSchedule(long sandboxRunId, ScheduleDraft draft, String createdBy) {
    promotable(sandboxRunId);
    return schedules.create(draft, createdBy);
  }

  private Run promotable(long runId) {
    Run run = runs.get(runId);
    if (!run.policy().sandbox()) {
      throw new InvalidRunRequestException(
          "run " + runId + " is already a production run; start it again or schedule it instead");
    }
    if (run.rerunOf() != null) {
      throw new InvalidRunRequestException(
          "run "
              + runId
              + " reran the failed units of run "
              + run.rerunOf()
              + "; promote the run whose scope you want");
    }
    return run;
  }

  private static @Nullable Integer thumbnailSize(Run run) {
    Integer size = run.policy().thumbnailSize();
    return size == null || size == RunPolicy.SANDBOX_THUMBNAIL_SIZE ? null : size;
  }
}
