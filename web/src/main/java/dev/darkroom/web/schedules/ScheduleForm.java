package dev.darkroom.web.schedules;

import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.orchestrator.schedules.InvalidScheduleException;
import dev.darkroom.orchestrator.schedules.ScheduleDefinition;
import dev.darkroom.orchestrator.schedules.ScheduleDraft;
import dev.darkroom.orchestrator.schedules.ScheduleTiming;
import org.jspecify.annotations.Nullable;

/**
 * The schedule form of the dashboard, as posted: every field a string (or flag) the page shows back
 * when something is wrong.
 *
 * @param scope ALL, COLLECTION or QUERY
 * @param timing CRON or INTERVAL
 * @param parameters per-tool parameters as JSON, e.g. {@code {"thumbnail":{"maxSize":384}}}
 * @param fromRun the sandbox run this schedule is promoted from, if any
 */
record ScheduleForm(
    @Nullable String name,
    @Nullable String pipeline,
    @Nullable String scope,
    @Nullable Long collectionId,
    @Nullable String query,
    @Nullable Integer thumbnailSize,
    @Nullable String parameters,
    @Nullable Boolean force,
    @Nullable String timing,
    @Nullable String cron,
    @Nullable String interval,
    @Nullable String timeZone,
    @Nullable String overlap,
    @Nullable String catchupWindow,
    @Nullable Boolean paused,
    @Nullable String note,
    @Nullable Long fromRun) {

  static ScheduleForm empty() {
    return new ScheduleForm(
        "",
        "images-basic",
        "ALL",
        null,
        "",
        null,
        "",
        false,
        "CRON",
        "0 2 * * *",
        "1d",
        "UTC",
        "SKIP",
        "1h",
        false,
        "",
        null);
  }

  static ScheduleForm of(ScheduleDefinition definition) {
    ScheduleDraft d = definition.draft();
    String scope =
        d.collectionId() != null ? "COLLECTION" : d.collectionQuery() != null ? "QUERY" : "ALL";
    return new ScheduleForm(
        d.name(),
        d.pipelineId(),
        scope,
        d.collectionId(),
        d.collectionQuery(),
        d.thumbnailSize(),
        d.parameters().isEmpty() ? "" : d.parameters().canonicalJson(),
        d.force(),
        d.timing().cron() != null ? "CRON" : "INTERVAL",
        d.timing().cron(),
        ScheduleBodies.text(d.timing().interval()),
        d.timing().timeZone(),
        d.overlap().name(),
        ScheduleBodies.text(d.catchupWindow()),
        d.paused(),
        d.note(),
        null);
  }

  /** The form of a schedule promoted from a sandbox run (what the run did, timing to choose). */
  static ScheduleForm fromDraft(ScheduleDraft d, long runId) {
    ScheduleForm form =
        of(new ScheduleDefinition(0, d, "", java.time.Instant.EPOCH, java.time.Instant.EPOCH));
    return new ScheduleForm(
        "",
        form.pipeline,
        form.scope,
        form.collectionId,
        form.query,
        form.thumbnailSize,
        form.parameters,
        false,
        "CRON",
        "0 2 * * *",
        "1d",
        "UTC",
        "SKIP",
        "1h",
        false,
        form.note,
        runId);
  }

  ScheduleDraft toDraft() {
    String kind = scope == null ? "ALL" : scope;
    boolean cronTiming = !"INTERVAL".equals(timing);
    return new ScheduleDraft(
        name == null ? "" : name,
        pipeline == null ? "" : pipeline,
        "COLLECTION".equals(kind) ? requireCollection() : null,
        "QUERY".equals(kind) ? (query == null || query.isBlank() ? requireQuery() : query) : null,
        thumbnailSize,
        toolParameters(),
        Boolean.TRUE.equals(force),
        new ScheduleTiming(
            cronTiming ? cron : null,
            cronTiming ? null : ScheduleBodies.duration("interval", interval),
            timeZone == null || timeZone.isBlank() ? "UTC" : timeZone),
        ScheduleBodies.overlap(overlap),
        ScheduleBodies.duration("catchupWindow", catchupWindow),
        Boolean.TRUE.equals(paused),
        note);
  }

  private long requireCollection() {
    if (collectionId == null) {
      throw new InvalidScheduleException("choose a collection, or another scope");
    }
    return collectionId;
  }

  private static String requireQuery() {
    throw new InvalidScheduleException("give a query such as type:image, or choose all assets");
  }

  private ToolParameters toolParameters() {
    if (parameters == null || parameters.isBlank()) {
      return ToolParameters.empty();
    }
    try {
      return ToolParameters.fromJson(parameters);
    } catch (InvalidToolParametersException e) {
      throw new InvalidScheduleException("parameters: " + e.getMessage());
    }
  }
}
