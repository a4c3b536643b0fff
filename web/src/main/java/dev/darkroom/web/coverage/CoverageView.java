package dev.darkroom.web.coverage;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.coverage.CoverageCounts;
import dev.darkroom.core.coverage.CoverageState;
import dev.darkroom.core.coverage.FailedRun;
import dev.darkroom.core.coverage.StepCoverage;
import dev.darkroom.core.query.AssetQuery;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The coverage of one scope (every live asset, or a collection's live members) per pipeline step.
 *
 * @param collectionId null for every live asset
 * @param collectionName null for every live asset
 * @param steps one entry per pinned step, by artifact kind
 */
@Schema(name = "Coverage")
public record CoverageView(
    @Nullable Long collectionId, @Nullable String collectionName, List<StepView> steps) {

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

  static CoverageView of(@Nullable AssetCollection collection, List<StepCoverage> rows) {
    String scope = scopeQuery(collection);
    return new CoverageView(
        collection == null ? null : collection.id(),
        collection == null ? null : collection.name(),
        rows.stream().map(r -> step(r, scope)).toList());
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
  private static @Nullable String scopeQuery(@Nullable AssetCollection collection) {
    if (collection == null) {
      return null;
    }
    if (collection.query() != null) {
      return "(" + collection.query() + ")";
    }
    return "collection:" + AssetQuery.quote(collection.name());
  }
}
