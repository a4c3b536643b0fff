package dev.darkroom.core.run;

import dev.darkroom.core.tool.ToolParameters;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code run} row.
 *
 * @param parameters the requested per-tool parameters, keyed by tool id
 * @param toolVersions tool id to version, pinned when the run was created
 * @param unitsDone units finished without error, as of the last {@link RunFinishing#finish}
 * @param error why the run failed, or the completeness report of a run that ended incomplete
 * @param failureReason for a FAILED run, the one reason a person must fix (a partition's error, or
 *     the reason all its failed units share); null otherwise or when there is no single reason
 * @param launcher where its partitions run ({@code in-process}, {@code process}, ...); null for
 *     runs created before runs chose a launcher, which run on the server's default
 */
public record Run(
    long id,
    String pipelineId,
    String pipelineVersion,
    @Nullable Long collectionId,
    @Nullable String collectionQuery,
    @Nullable Long rerunOf,
    RunPolicy policy,
    ToolParameters parameters,
    Map<String, String> toolVersions,
    RunStatus status,
    String requestedBy,
    @Nullable String workflowId,
    long unitsTotal,
    long unitsDone,
    long unitsFailed,
    long unitsSkipped,
    @Nullable String error,
    @Nullable String failureReason,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable String launcher) {

  public Run {
    toolVersions = Map.copyOf(toolVersions);
  }

  /** The requested parameters of one tool; empty when the request named none. */
  @SuppressWarnings("unchecked")
  public ToolParameters parametersOf(String toolId) {
    Object value = parameters.values().get(toolId);
    if (value instanceof Map<?, ?> map) {
      return ToolParameters.of((Map<String, ?>) map);
    }
    return ToolParameters.empty();
  }
}
