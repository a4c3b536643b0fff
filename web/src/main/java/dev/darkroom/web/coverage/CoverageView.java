package dev.darkroom.web.coverage;

import dev.darkroom.core.coverage.CoverageBasis;
import dev.darkroom.core.coverage.CoverageCounts;
import dev.darkroom.core.coverage.CoverageMap;
import dev.darkroom.core.coverage.CoverageScope;
import dev.darkroom.core.coverage.CoverageState;
import dev.darkroom.core.coverage.FailedRun;
import dev.darkroom.core.coverage.StepCoverage;
import dev.darkroom.core.query.AssetQuery;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The coverage of one scope (every live asset, or a collection's live members) per pipeline step.
 *
 * @param collectionId null for every live asset
 * @param collectionName null for every live asset
 * @param basis {@code COUNTERS}: read from counters kept in the same transactions as every change;
 *     {@code COUNTED}: counted now from the matches of a dynamic collection's query (its cost grows
 *     with them). Both are exact as of {@code readAt}; neither is an estimate or a cache.
 * @param readAt when the server read the counts
 * @param steps one entry per pinned step, by artifact kind
 */
@Schema(name = "Coverage")
public record CoverageView(
    @Nullable Long collectionId,
    @Nullable String collectionName,
    @Schema(
            description =
                "COUNTERS: read from counters kept in the same transactions as every change;"
                    + " COUNTED: counted now from the matches of a dynamic collection's query."
                    + " Both are exact as of readAt, never an estimate or a cached answer.")
        CoverageBasis basis,
    @Schema(description = "when the server read the counts") Instant readAt,
    List<StepView> steps) {

  /**
   * One step's counts; they add up to {@code total}, the scope's live assets.
   *
   * @param kind the artifact kind the step writes (the name used in query terms)
   * @param toolId the tool that writes it
   * @param toolVersion the version an artifact must come from to be current
   * @param paramsHash the hash of the parameters an artifact must come from to be current
   * @param queries per state, the asset query listing those assets (for not-applicable: none)
   * @param failedRuns the runs behind the failures, most failures first (at most three)
   */
  @Schema(name = "StepCoverage")
  public record StepView(
      String kind,
      String toolId,
      String toolVersion,
      String paramsHash,
      long current,
      long stale,
      long missing,
      long failed,
      long notApplicable,
      long total,
      Map<String, String> queries,
      List<FailedRunView> failedRuns) {

    /** The asset query listing the assets in a state ({@code current}, {@code stale}…). */
    public String query(String state) {
      return queries.getOrDefault(state, "");
    }

    /** Share of the scope in a state, 0..100, for the bars. */
    public double percent(String state) {
      long n =
          switch (state) {
            case "current" -> current;
            case "stale" -> stale;
            case "missing" -> missing;
            case "failed" -> failed;
            default -> notApplicable;
          };
      return total == 0 ? 0 : 100.0 * n / total;
    }
  }

  /**
   * @param reason one of the run's failure reasons for this step
   */
  @Schema(name = "CoverageFailedRun")
  public record FailedRunView(long runId, long assets, String reason) {}

  static CoverageView of(@Nullable CoverageScope collection, CoverageMap map) {
    String scope = scopeQuery(collection);
    return new CoverageView(
        collection == null ? null : collection.id(),
        collection == null ? null : collection.name(),
        map.basis(),
        map.readAt(),
        map.steps().stream().map(r -> step(r, scope)).toList());
  }

  /** Whether the counts were counted now from a query's matches rather than read from counters. */
  public boolean countedOnDemand() {
    return basis == CoverageBasis.COUNTED;
  }

  private static StepView step(StepCoverage row, @Nullable String scope) {
    CoverageCounts c = row.counts();
    String kind = row.step().kind();
    Map<String, String> queries = new LinkedHashMap<>();
    for (CoverageState state :
        List.of(
            CoverageState.CURRENT,
            CoverageState.STALE,
            CoverageState.MISSING,
            CoverageState.FAILED)) {
      String term = state.term() + ":" + AssetQuery.quote(kind);
      queries.put(state.term(), scope == null ? term : scope + " " + term);
    }
    return new StepView(
        kind,
        row.step().toolId(),
        row.step().toolVersion(),
        row.step().paramsHash(),
        c.current(),
        c.stale(),
        c.missing(),
        c.failed(),
        c.notApplicable(),
        c.total(),
        queries,
        row.failedRuns().stream().map(CoverageView::failedRun).toList());
  }

  private static FailedRunView failedRun(FailedRun run) {
    return new FailedRunView(run.runId(), run.assets(), run.sampleReason());
  }

  /** The query naming a collection's members: its own query, or {@code collection:NAME}. */
  private static @Nullable String scopeQuery(@Nullable CoverageScope collection) {
    if (collection == null) {
      return null;
    }
    if (collection.query() != null) {
      return "(" + collection.query() + ")";
    }
    return "collection:" + AssetQuery.quote(collection.name());
  }
}
