package dev.darkroom.web.schedules;

import dev.darkroom.orchestrator.schedules.ScheduleDefinition;
import dev.darkroom.orchestrator.schedules.ScheduleDraft;
import dev.darkroom.orchestrator.schedules.ScheduleSnapshot;
import dev.darkroom.orchestrator.schedules.ScheduleStatus;
import dev.darkroom.orchestrator.schedules.ScheduledRun;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A schedule as the API shows it: its definition, and (for one schedule) Temporal's view — next
 * firings, firings still going, counts — and its runs with their outcome.
 */
record ScheduleView(
    long id,
    String name,
    String pipeline,
    Scope scope,
    @Nullable Integer thumbnailSize,
    Map<String, Object> parameters,
    boolean force,
    @Nullable String cron,
    @Schema(description = "e.g. 6h") @Nullable String interval,
    String timeZone,
    String overlap,
    String catchupWindow,
    boolean paused,
    @Nullable String note,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    @Schema(description = "Temporal's view; absent in lists and when it cannot be had")
        @Nullable Temporal temporal,
    @Schema(description = "why Temporal's view is absent") @Nullable String problem,
    @Schema(description = "the schedule's runs, newest first; absent in lists")
        @Nullable List<Run> runs) {

  record Scope(@Nullable Long collectionId, @Nullable String query, boolean all) {}

  record Temporal(
      boolean paused,
      List<Instant> nextFirings,
      List<String> runningFirings,
      long firings,
      long skippedOverlap,
      long missedCatchupWindow) {

    static Temporal of(ScheduleSnapshot s) {
      return new Temporal(
          s.paused(),
          s.nextFirings(),
          s.runningFirings(),
          s.firings(),
          s.skippedOverlap(),
          s.missedCatchupWindow());
    }
  }

  record Run(
      long id,
      String status,
      Instant createdAt,
      @Nullable Instant finishedAt,
      long unitsTotal,
      long unitsDone,
      long unitsFailed,
      @Nullable String error,
      String url) {

    static Run of(ScheduledRun r) {
      return new Run(
          r.runId(),
          r.status().name(),
          r.createdAt(),
          r.finishedAt(),
          r.unitsTotal(),
          r.unitsDone(),
          r.unitsFailed(),
          r.error(),
          "/api/runs/" + r.runId());
    }
  }

  static ScheduleView of(ScheduleDefinition definition) {
    return of(definition, null, null, null);
  }

  static ScheduleView of(ScheduleStatus status, List<ScheduledRun> runs) {
    return of(
        status.definition(),
        status.temporal() == null ? null : Temporal.of(status.temporal()),
        status.problem(),
        runs.stream().map(Run::of).toList());
  }

  private static ScheduleView of(
      ScheduleDefinition definition,
      @Nullable Temporal temporal,
      @Nullable String problem,
      @Nullable List<Run> runs) {
    ScheduleDraft d = definition.draft();
    return new ScheduleView(
        definition.id(),
        d.name(),
        d.pipelineId(),
        new Scope(
            d.collectionId(),
            d.collectionQuery(),
            d.collectionId() == null && d.collectionQuery() == null),
        d.thumbnailSize(),
        d.parameters().values(),
        d.force(),
        d.timing().cron(),
        ScheduleBodies.text(d.timing().interval()),
        d.timing().timeZone(),
        d.overlap().name(),
        ScheduleBodies.text(d.catchupWindow()),
        d.paused(),
        d.note(),
        definition.createdBy(),
        definition.createdAt(),
        definition.updatedAt(),
        temporal,
        problem,
        runs);
  }
}
