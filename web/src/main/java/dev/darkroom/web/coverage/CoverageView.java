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
 *     {@code KEPT}: read from the same counters over a dynamic collection's kept members, exact as
 *     of {@code membership.currentAsOf}; {@code COUNTED}: counted now from the matches of a dynamic
 *     collection's query (its cost grows with them). None is an estimate.
 * @param readAt when the server read the counts
 * @param membership for a dynamic collection that keeps its members: how current they are
 * @param steps one entry per pinned step, by artifact kind
 */
@Schema(name = "Coverage")
public record CoverageView(
    @Nullable Long collectionId,
    @Nullable String collectionName,
    @Schema(
            description =
                "COUNTERS: read from counters kept in the same transactions as every change"
                    + " (exact as of readAt); KEPT: read from the same counters over a dynamic"
                    + " collection's kept members (exact as of membership.currentAsOf; equal to a"
                    + " count from scratch once membership.pendingChanges is 0); COUNTED: counted"
                    + " now from the matches of a dynamic collection's query (exact as of readAt,"
                    + " slower for large ones; also while a new or edited collection's members"
                    + " are being filled). Never an estimate.")
        CoverageBasis basis,
    @Schema(description = "when the server read the counts") Instant readAt,
    @Schema(
            description =
                "for a dynamic collection that keeps its members (any query asking more than"
                    + " the media type): how current they are; null for every asset, a static"
                    + " collection and a media-type dynamic collection")
        @Nullable MembershipView membership,
    List<StepView> steps) {

  /** Backwards-compatible constructor for scopes without kept members. */
  public CoverageView(
      @Nullable Long collectionId,
      @Nullable String collectionName,
      CoverageBasis basis,
      Instant readAt,
      List<StepView> steps) {
    this(collectionId, collectionName, basis, readAt, null, steps);
  }

  /**
   * How current a dynamic collection's kept members are (ADR 0034).
   *
   * @param filling the query is still being evaluated over every asset (new or edited collection,
   *     or re-pinned coverage steps); the counts are then COUNTED
   * @param pendingChanges asset changes recorded but not yet applied (the queue is shared by every
   *     kept collection), counted up to 10,000
   * @param currentAsOf the members reflect every change committed before this; null while filling
   */
  @Schema(name = "CoverageMembership")
  public record MembershipView(
      boolean filling,
      @Schema(description = "changes not applied yet, counted up to 10,000; 0: exact now")
          long pendingChanges,
      @Nullable Instant currentAsOf) {}

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
        map.membership() == null
            ? null
            : new MembershipView(
                map.membership().filling(),
                map.membership().pendingChanges(),
                map.membership().currentAsOf()),
        map.steps().stream().map(r -> step(r, scope)).toList());
  }

  /** Whether the counts were counted now from a query's matches rather than read from counters. */
  public boolean countedOnDemand() {
    return basis == CoverageBasis.COUNTED;
  }

  /** How the page says the counts were obtained. */
  public String basisLabel() {
    return switch (basis) {
      case COUNTERS -> "from counters";
      case COUNTED ->
          membership != null && membership.filling()
              ? "counted now from its query's matches (its kept members are being filled)"
              : "counted now from its query's matches";
      case KEPT ->
          membership == null || membership.pendingChanges() == 0
              ? "from counters over its kept members"
              : "from counters over its kept members, current as of "
                  + membership.currentAsOf()
                  + "; "
                  + (membership.pendingChanges() >= 10_000
                      ? "10,000 or more"
                      : String.valueOf(membership.pendingChanges()))
                  + " changes pending";
    };
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
