package dev.darkroom.core.run;

import dev.darkroom.core.tool.ToolParameters;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What someone asks to run: a pipeline over a scope, under a policy.
 *
 * <p>The scope is at most one of: a collection ({@code collectionId}; a dynamic collection's query
 * is evaluated when the run is planned), a query in the asset query language ({@code
 * collectionQuery}, docs/query-language.md; checked when the run is created, evaluated when it is
 * planned), or the failed units of an earlier run ({@code rerunOf}). None of them means every asset
 * with a live location. Whatever the scope, only assets with a live location become units.
 *
 * @param parameters per-tool parameters keyed by tool id, e.g. {@code {"thumbnail":{"maxSize":
 *     384}}}; they override the policy's, which override the tools' defaults
 * @param requestedBy who asked: a user name, {@code schedule:<id>}, {@code cli}
 * @param force production: plan every asset of the scope, even those already current for the
 *     pipeline (docs/coverage.md); without it only missing, stale and failed ones are planned.
 *     Ignored by a sandbox run, which samples its scope as it is.
 */
public record RunRequest(
    String pipelineId,
    @Nullable Long collectionId,
    @Nullable String collectionQuery,
    @Nullable Long rerunOf,
    RunPolicy policy,
    ToolParameters parameters,
    String requestedBy,
    boolean force) {

  /** A request that plans only what is not current yet (production) or samples (sandbox). */
  public RunRequest(
      String pipelineId,
      @Nullable Long collectionId,
      @Nullable String collectionQuery,
      @Nullable Long rerunOf,
      RunPolicy policy,
      ToolParameters parameters,
      String requestedBy) {
    this(
        pipelineId, collectionId, collectionQuery, rerunOf, policy, parameters, requestedBy, false);
  }

  public RunRequest {
    Objects.requireNonNull(pipelineId, "pipelineId");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(requestedBy, "requestedBy");
    int scopes =
        (collectionId == null ? 0 : 1)
            + (collectionQuery == null ? 0 : 1)
            + (rerunOf == null ? 0 : 1);
    if (scopes > 1) {
      throw new IllegalArgumentException(
          "a run has one scope: a collection, a query or the failed units of an earlier run");
    }
  }

  /** Every asset with a live location. */
  public static RunRequest allAssets(String pipelineId, RunPolicy policy, String requestedBy) {
    return new RunRequest(
        pipelineId, null, null, null, policy, ToolParameters.empty(), requestedBy);
  }

  /** The members of a static collection. */
  public static RunRequest collection(
      String pipelineId, long collectionId, RunPolicy policy, String requestedBy) {
    return new RunRequest(
        pipelineId, collectionId, null, null, policy, ToolParameters.empty(), requestedBy);
  }

  /** The assets a query in the asset query language matches when the run is planned. */
  public static RunRequest query(
      String pipelineId, String query, RunPolicy policy, String requestedBy) {
    return new RunRequest(
        pipelineId, null, query, null, policy, ToolParameters.empty(), requestedBy);
  }

  /** The units that failed in an earlier run. */
  public static RunRequest rerunFailed(
      String pipelineId, long earlierRunId, RunPolicy policy, String requestedBy) {
    return new RunRequest(
        pipelineId, null, null, earlierRunId, policy, ToolParameters.empty(), requestedBy);
  }

  public RunRequest withParameters(ToolParameters newParameters) {
    return new RunRequest(
        pipelineId,
        collectionId,
        collectionQuery,
        rerunOf,
        policy,
        newParameters,
        requestedBy,
        force);
  }

  /** The same request, reprocessing everything in scope when {@code reprocessAll}. */
  public RunRequest withForce(boolean reprocessAll) {
    return new RunRequest(
        pipelineId,
        collectionId,
        collectionQuery,
        rerunOf,
        policy,
        parameters,
        requestedBy,
        reprocessAll);
  }
}
