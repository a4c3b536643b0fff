package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.tool.ToolParameters;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a person defines (and edits) about a schedule: a production run of a pipeline over a scope,
 * and when it fires.
 *
 * <p>The scope is a collection, a query in the asset query language, or neither (every asset with a
 * live location). Scheduled runs are production runs: a recurring sandbox sample would only repeat
 * itself.
 *
 * @param thumbnailSize the production policy's thumbnail size; null for the tool's default
 * @param parameters per-tool parameters keyed by tool id, as for a run
 * @param force reprocess every unit rather than only missing, stale or failed ones (the firing's
 *     run request carries it)
 * @param catchupWindow how late a missed firing (Temporal or Darkroom was down) may still start
 * @param paused whether firings are held
 */
public record ScheduleDraft(
    String name,
    String pipelineId,
    @Nullable Long collectionId,
    @Nullable String collectionQuery,
    @Nullable Integer thumbnailSize,
    ToolParameters parameters,
    boolean force,
    ScheduleTiming timing,
    ScheduleOverlap overlap,
    Duration catchupWindow,
    boolean paused,
    @Nullable String note) {

  public static final Duration DEFAULT_CATCHUP_WINDOW = Duration.ofHours(1);

  /** Temporal refuses shorter catch-up windows. */
  public static final Duration MIN_CATCHUP_WINDOW = Duration.ofSeconds(10);

  public static final int MAX_NAME_LENGTH = 100;

  public ScheduleDraft {
    if (name == null || name.isBlank()) {
      throw new InvalidScheduleException("name is required, e.g. \"nightly images\"");
    }
    name = name.trim();
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidScheduleException(
          "name must be at most " + MAX_NAME_LENGTH + " characters, was " + name.length());
    }
    if (pipelineId == null || pipelineId.isBlank()) {
      throw new InvalidScheduleException("pipeline is required, e.g. \"images-basic\"");
    }
    pipelineId = pipelineId.trim();
    if (collectionQuery != null && collectionQuery.isBlank()) {
      collectionQuery = null;
    }
    if (collectionId != null && collectionQuery != null) {
      throw new InvalidScheduleException(
          "scope takes one of a collection or a query (or neither: every asset), not both");
    }
    if (collectionId != null && collectionId <= 0) {
      throw new InvalidScheduleException("collectionId must be a positive id, was " + collectionId);
    }
    if (thumbnailSize != null && thumbnailSize <= 0) {
      throw new InvalidScheduleException(
          "thumbnailSize must be a positive number of pixels, was " + thumbnailSize);
    }
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(overlap, "overlap");
    if (catchupWindow == null) {
      catchupWindow = DEFAULT_CATCHUP_WINDOW;
    }
    if (catchupWindow.compareTo(MIN_CATCHUP_WINDOW) < 0) {
      throw new InvalidScheduleException(
          "catchupWindow must be at least 10s, was " + catchupWindow.toSeconds() + "s");
    }
    if (note != null && note.isBlank()) {
      note = null;
    }
  }

  /** The same definition, paused or not. */
  public ScheduleDraft withPaused(boolean paused) {
    return new ScheduleDraft(
        name,
        pipelineId,
        collectionId,
        collectionQuery,
        thumbnailSize,
        parameters,
        force,
        timing,
        overlap,
        catchupWindow,
        paused,
        note);
  }
}
