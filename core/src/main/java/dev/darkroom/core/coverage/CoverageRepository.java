package dev.darkroom.core.coverage;

import dev.darkroom.core.collection.UnknownCollectionException;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.SqlFragment;
import dev.darkroom.core.tool.MediaTypeSet;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The coverage tables of V50 (ADR 0014): the pinned steps, the per-asset state written in the chunk
 * transaction of production runs, and the coverage map read from the maintained counters (all
 * assets, a few dozen rows) or from the state of a collection's members.
 */
public class CoverageRepository {

  private static final String UPSERT_STEP =
      """
      INSERT INTO coverage_step (tool_id, kind, tool_version, params_hash, accepted)
      VALUES (:toolId, :kind, :version, :hash, :accepted::text[])
      ON CONFLICT (tool_id) DO UPDATE
         SET kind = excluded.kind, tool_version = excluded.tool_version,
             params_hash = excluded.params_hash, accepted = excluded.accepted, updated_at = now()
       WHERE (coverage_step.kind, coverage_step.tool_version, coverage_step.params_hash,
              coverage_step.accepted)
             IS DISTINCT FROM (excluded.kind, excluded.tool_version, excluded.params_hash,
                               excluded.accepted)
      """;
  private static final String DROP_OTHER_STEPS =
      "DELETE FROM coverage_step WHERE NOT (tool_id = ANY(:toolIds::text[]))";
  private static final String STEPS =
      "SELECT tool_id, kind, tool_version, params_hash, accepted FROM coverage_step ORDER BY kind,"
          + " tool_id";

  // Assets that are not live (no coverage_asset row) get no state: coverage counts live assets.
  // Sorted so concurrent chunks lock state rows in one order.
  private static final String RECORD =
      """
      INSERT INTO coverage_state AS s (asset_id, tool_id, status, tool_version, params_hash,
                                       run_id, error, updated_at)
      SELECT t.asset_id, t.tool_id, CASE WHEN t.error IS NULL THEN 'PRODUCED' ELSE 'FAILED' END,
             t.tool_version, t.params_hash, :runId, t.error, now()
        FROM unnest(:assetIds::bigint[], :toolIds::text[], :versions::text[], :hashes::text[],
                    :errors::text[]) AS t(asset_id, tool_id, tool_version, params_hash, error)
       WHERE EXISTS (SELECT 1 FROM coverage_asset c WHERE c.asset_id = t.asset_id)
       ORDER BY t.asset_id, t.tool_id
      ON CONFLICT (asset_id, tool_id) DO UPDATE
         SET status = excluded.status, tool_version = excluded.tool_version,
             params_hash = excluded.params_hash, run_id = excluded.run_id,
             error = excluded.error, updated_at = excluded.updated_at
      """;

  private static final String MEDIA_ALL =
      "SELECT media_type, sum(n) AS n FROM coverage_media GROUP BY media_type HAVING sum(n) <> 0";
  private static final String TALLY_ALL =
      """
      SELECT tool_id, status, tool_version, params_hash, sum(n) AS n FROM coverage_tally
       GROUP BY tool_id, status, tool_version, params_hash HAVING sum(n) <> 0
      """;
  private static final String MEDIA_SCOPED =
      """
      SELECT c.media_type, count(*) AS n FROM coverage_asset c
       WHERE c.asset_id IN (SELECT scope.asset_id FROM (%s) scope)
       GROUP BY c.media_type
      """;
  private static final String TALLY_SCOPED =
      """
      SELECT s.tool_id, s.status, s.tool_version, s.params_hash, count(*) AS n
        FROM coverage_state s
       WHERE s.asset_id IN (SELECT scope.asset_id FROM (%s) scope)
       GROUP BY s.tool_id, s.status, s.tool_version, s.params_hash
      """;
  private static final String FAILED_RUNS =
      """
      SELECT s.run_id, count(*) AS assets, min(s.error) AS reason FROM coverage_state s
       WHERE s.status = 'FAILED' AND s.tool_id = :toolId %s
       GROUP BY s.run_id ORDER BY count(*) DESC, s.run_id DESC LIMIT 3
      """;
  // A static collection's counters (V86, ADR 0026), kept like the all-assets ones.
  private static final String MEDIA_COLLECTION =
      """
      SELECT media_type, sum(n) AS n FROM collection_coverage_media
       WHERE collection_id = :coverageCollection
       GROUP BY media_type HAVING sum(n) <> 0
      """;
  private static final String TALLY_COLLECTION =
      """
      SELECT tool_id, status, tool_version, params_hash, sum(n) AS n
        FROM collection_coverage_tally WHERE collection_id = :coverageCollection
       GROUP BY tool_id, status, tool_version, params_hash HAVING sum(n) <> 0
      """;
  private static final String COLLECTION = "SELECT query FROM collection WHERE id = :id";
  private static final String MEMBERS =
      "SELECT m.asset_id FROM collection_member m WHERE m.collection_id = :coverageCollection";

  private static final RowMapper<CoverageStep> STEP =
      (ResultSet rs, int row) ->
          new CoverageStep(
              rs.getString("tool_id"),
              rs.getString("kind"),
              rs.getString("tool_version"),
              rs.getString("params_hash"),
              strings(rs.getArray("accepted")));

  private final JdbcClient jdbc;

  public CoverageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Makes {@code steps} the pinned ones: new steps are added, changed ones (a tool version bump)
   * rewritten in place, steps no pipeline has any more removed. Per-asset rows are not touched: a
   * changed version turns the old artifacts stale when the map is read.
   */
  public void pin(List<CoverageStep> steps) {
    for (CoverageStep step : steps) {
      jdbc.sql(UPSERT_STEP)
          .param("toolId", step.toolId())
          .param("kind", step.kind())
          .param("version", step.toolVersion())
          .param("hash", step.paramsHash())
          .param("accepted", step.accepted().toArray(String[]::new))
          .update();
    }
    jdbc.sql(DROP_OTHER_STEPS)
        .param("toolIds", steps.stream().map(CoverageStep::toolId).toArray(String[]::new))
        .update();
  }

  /** The pinned steps, by kind. */
  public List<CoverageStep> steps() {
    return jdbc.sql(STEPS).query(STEP).list();
  }

  /**
   * Records what a production chunk did, in the caller's (the chunk's) transaction: the last
   * attempt per asset and step wins. Outcomes for assets that are no longer live are dropped.
   */
  public void record(long runId, List<StepOutcome> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    int n = outcomes.size();
    Long[] assets = new Long[n];
    String[] tools = new String[n];
    String[] versions = new String[n];
    String[] hashes = new String[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      StepOutcome o = outcomes.get(i);
      assets[i] = o.assetId();
      tools[i] = o.toolId();
      versions[i] = o.toolVersion();
      hashes[i] = o.paramsHash();
      errors[i] = o.error();
    }
    jdbc.sql(RECORD)
        .param("runId", runId)
        .param("assetIds", assets)
        .param("toolIds", tools)
        .param("versions", versions)
        .param("hashes", hashes)
        .param("errors", errors)
        .update();
  }

  /** The coverage of every live asset, from the maintained counters. */
  public List<StepCoverage> all() {
    return assemble(
        mediaCounts(MEDIA_ALL, SqlFragment.TRUE), tallies(TALLY_ALL, SqlFragment.TRUE), null);
  }

  /**
   * The coverage of a collection's live members: a static collection's from its counters (V86, kept
   * by triggers: a few dozen rows whatever its size), a dynamic collection's by evaluating its
   * query now and counting the matches' state (O(matches)).
   *
   * @throws UnknownCollectionException if there is no such collection
   * @throws dev.darkroom.core.query.QueryParseException if a dynamic collection's saved query no
   *     longer parses
   */
  public List<StepCoverage> collection(long collectionId) {
    List<Map<String, Object>> found =
        jdbc.sql(COLLECTION).param("id", collectionId).query().listOfRows();
    if (found.isEmpty()) {
      throw new UnknownCollectionException(collectionId);
    }
    Object query = found.get(0).get("query");
    if (query == null) {
      SqlFragment members = new SqlFragment(MEMBERS, Map.of("coverageCollection", collectionId));
      return assemble(
          mediaCounts(MEDIA_COLLECTION, members), tallies(TALLY_COLLECTION, members), members);
    }
    return scoped(AssetQuery.parse((String) query).liveAssetIds());
  }

  /** The coverage of the live assets a {@code SELECT … asset_id} picks. */
  public List<StepCoverage> scoped(SqlFragment scope) {
    return assemble(
        mediaCounts(MEDIA_SCOPED.formatted(scope.sql()), scope),
        tallies(TALLY_SCOPED.formatted(scope.sql()), scope),
        scope);
  }

  private Map<String, Long> mediaCounts(String sql, SqlFragment scope) {
    Map<String, Long> counts = new HashMap<>();
    jdbc.sql(sql)
        .params(scope.params())
        .query(
            rs -> {
              counts.merge(rs.getString("media_type"), rs.getLong("n"), Long::sum);
            });
    return counts;
  }

  private record Tally(String toolId, String status, String version, String hash, long n) {}

  private List<Tally> tallies(String sql, SqlFragment scope) {
    return jdbc.sql(sql)
        .params(scope.params())
        .query(
            (rs, row) ->
                new Tally(
                    rs.getString("tool_id"),
                    rs.getString("status"),
                    rs.getString("tool_version"),
                    rs.getString("params_hash"),
                    rs.getLong("n")))
        .list();
  }

  private List<StepCoverage> assemble(
      Map<String, Long> media, List<Tally> tallies, @Nullable SqlFragment scope) {
    long live = media.values().stream().mapToLong(Long::longValue).sum();
    List<StepCoverage> rows = new ArrayList<>();
    for (CoverageStep step : steps()) {
      MediaTypeSet accepted = new MediaTypeSet(new HashSet<>(step.accepted()));
      long applicable = 0;
      for (Map.Entry<String, Long> e : media.entrySet()) {
        if (accepted.accepts(e.getKey())) {
          applicable += e.getValue();
        }
      }
      long current = 0;
      long stale = 0;
      long failed = 0;
      for (Tally t : tallies) {
        if (!t.toolId().equals(step.toolId())) {
          continue;
        }
        if (t.status().equals("FAILED")) {
          failed += t.n();
        } else if (t.version().equals(step.toolVersion()) && t.hash().equals(step.paramsHash())) {
          current += t.n();
        } else {
          stale += t.n();
        }
      }
      long missing = Math.max(0, applicable - current - stale - failed);
      CoverageCounts counts =
          new CoverageCounts(current, stale, missing, failed, live - applicable);
      rows.add(new StepCoverage(step, counts, failed == 0 ? List.of() : failedRuns(step, scope)));
    }
    rows.sort(Comparator.comparing((StepCoverage r) -> r.step().kind()));
    return rows;
  }

  private List<FailedRun> failedRuns(CoverageStep step, @Nullable SqlFragment scope) {
    String restriction =
        scope == null
            ? ""
            : "AND s.asset_id IN (SELECT scope.asset_id FROM (" + scope.sql() + ") scope)";
    Map<String, Object> params = new LinkedHashMap<>();
    if (scope != null) {
      params.putAll(scope.params());
    }
    params.put("toolId", step.toolId());
    return jdbc.sql(FAILED_RUNS.formatted(restriction))
        .params(params)
        .query(
            (rs, row) ->
                new FailedRun(rs.getLong("run_id"), rs.getLong("assets"), rs.getString("reason")))
        .list();
  }

  private static List<String> strings(@Nullable Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] values = (Object[]) array.getArray();
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      out.add((String) v);
    }
    return out;
  }
}
