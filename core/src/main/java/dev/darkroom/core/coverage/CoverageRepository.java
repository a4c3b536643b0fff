package dev.darkroom.core.coverage;

import dev.darkroom.core.collection.UnknownCollectionException;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.Expr;
import dev.darkroom.core.query.SqlFragment;
import dev.darkroom.core.tool.MediaTypeSet;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * transaction of production runs, and the coverage map read from the counters triggers maintain
 * (every asset, static collections, media-type-only dynamic collections: a few dozen rows; ADR
 * 0026, ADR 0029) or counted from the matches of any other dynamic collection's query.
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
  // The runs behind a failed cell when the scope is counted on demand: the sample reason is the
  // error of the run's lowest failed asset in the scope, as with the counters below.
  private static final String FAILED_RUNS_SCOPED =
      """
      SELECT s.run_id, count(*) AS assets, (array_agg(s.error ORDER BY s.asset_id))[1] AS reason
        FROM coverage_state s
       WHERE s.status = 'FAILED' AND s.tool_id = :toolId
         AND s.asset_id IN (SELECT scope.asset_id FROM (%s) scope)
       GROUP BY s.run_id ORDER BY count(*) DESC, s.run_id DESC LIMIT 3
      """;
  // The runs behind a failed cell from their counters (V91, V92): the top three by count, then for
  // each one probe of the failed-rows index in asset order for its first failure in the scope. One
  // statement, so the counts and the reasons come from one snapshot.
  private static final String FAILED_RUNS_COUNTED =
      """
      SELECT f.run_id, f.assets, coalesce(r.error, '') AS reason
        FROM (SELECT a.run_id, sum(a.n) AS assets FROM %s a
               WHERE a.tool_id = :toolId AND %s
               GROUP BY a.run_id HAVING sum(a.n) <> 0
               ORDER BY sum(a.n) DESC, a.run_id DESC LIMIT 3) f
        LEFT JOIN LATERAL (
             SELECT s.error FROM coverage_state s
              WHERE s.status = 'FAILED' AND s.tool_id = :toolId AND s.run_id = f.run_id AND %s
              ORDER BY s.asset_id LIMIT 1) r ON true
       ORDER BY f.assets DESC, f.run_id DESC
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
  // A dynamic collection whose query only asks about the media type (V91, ADR 0029): the query's
  // own condition, which reads only a.media_type, filters the per-media-type counters.
  private static final String MEDIA_BY_TYPE =
      """
      SELECT a.media_type, sum(a.n) AS n FROM coverage_media a WHERE %s
       GROUP BY a.media_type HAVING sum(a.n) <> 0
      """;
  private static final String TALLY_BY_TYPE =
      """
      SELECT a.tool_id, a.status, a.tool_version, a.params_hash, sum(a.n) AS n
        FROM coverage_media_tally a WHERE %s
       GROUP BY a.tool_id, a.status, a.tool_version, a.params_hash HAVING sum(a.n) <> 0
      """;
  private static final String COLLECTION = "SELECT id, name, query FROM collection WHERE id = :id";
  private static final String MEMBERSHIP = "SELECT membership FROM collection WHERE id = :id";
  // How current kept members are (V93, ADR 0034): the queue of changed assets, counted up to a cap,
  // and its oldest entry, in one statement.
  private static final String PENDING =
      """
      SELECT (SELECT count(*) FROM (SELECT 1 FROM collection_touch LIMIT :cap) t) AS pending,
             (SELECT touched_at FROM collection_touch ORDER BY id LIMIT 1) AS oldest,
             statement_timestamp() AS at
      """;
  // Steps re-pinned: collections whose queries read coverage states are evaluated again.
  private static final String KEPT_QUERIES =
      "SELECT id, query FROM collection WHERE membership IS NOT NULL";
  private static final String REFILL =
      """
      UPDATE collection SET membership = 'FILLING', fill_after = 0, kept_since = NULL
       WHERE id = ANY(:ids::bigint[]) AND membership IS NOT NULL
      """;
  private static final String COLLECTIONS =
      "SELECT id, name, query FROM collection WHERE id < :beforeId ORDER BY id DESC LIMIT :limit";

  private static final RowMapper<CoverageScope> SCOPE =
      (ResultSet rs, int row) ->
          new CoverageScope(rs.getLong("id"), rs.getString("name"), rs.getString("query"));

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
    int changed = 0;
    for (CoverageStep step : steps) {
      changed +=
          jdbc.sql(UPSERT_STEP)
              .param("toolId", step.toolId())
              .param("kind", step.kind())
              .param("version", step.toolVersion())
              .param("hash", step.paramsHash())
              .param("accepted", step.accepted().toArray(String[]::new))
              .update();
    }
    changed +=
        jdbc.sql(DROP_OTHER_STEPS)
            .param("toolIds", steps.stream().map(CoverageStep::toolId).toArray(String[]::new))
            .update();
    if (changed > 0) {
      refillCoverageQueries();
    }
  }

  /**
   * What {@code current:}, {@code stale:}, {@code missing:} and {@code failed:} match depends on
   * the pinned steps, which change without any asset changing: a dynamic collection keeping members
   * with such terms is evaluated again from scratch (ADR 0034).
   */
  private void refillCoverageQueries() {
    List<Long> ids = new ArrayList<>();
    jdbc.sql(KEPT_QUERIES)
        .query(
            rs -> {
              try {
                if (AssetQuery.parse(rs.getString("query")).mentions(Expr.Coverage.class)) {
                  ids.add(rs.getLong("id"));
                }
              } catch (dev.darkroom.core.query.QueryParseException e) {
                // The fill turns a query that no longer parses into "not kept".
                ids.add(rs.getLong("id"));
              }
            });
    if (!ids.isEmpty()) {
      jdbc.sql(REFILL).param("ids", ids.toArray(Long[]::new)).update();
    }
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
    return allMap().steps();
  }

  /** {@link #all()} with how it was obtained: always {@link CoverageBasis#COUNTERS}. */
  public CoverageMap allMap() {
    return assemble(
        mediaCounts(MEDIA_ALL, SqlFragment.TRUE),
        tallies(TALLY_ALL, SqlFragment.TRUE),
        new Counted("coverage_failed_runs", SqlFragment.TRUE, SqlFragment.TRUE),
        CoverageBasis.COUNTERS);
  }

  /**
   * The coverage of a collection's live members; see {@link #collectionMap(long)}.
   *
   * @throws UnknownCollectionException if there is no such collection
   * @throws dev.darkroom.core.query.QueryParseException if a dynamic collection's saved query no
   *     longer parses
   */
  public List<StepCoverage> collection(long collectionId) {
    return collectionMap(collectionId).steps();
  }

  /**
   * The coverage of a collection's live members: a static collection's from its counters (V86, V92:
   * a few dozen rows whatever its size); a dynamic collection whose query only asks about the media
   * type ({@code type:image}, {@code type:video -type:video/mp4}) from the per-media-type counters
   * (V91); any other dynamic collection by evaluating its query now and counting the matches' state
   * (O(matches), {@link CoverageBasis#COUNTED}).
   *
   * @throws UnknownCollectionException if there is no such collection
   * @throws dev.darkroom.core.query.QueryParseException if a dynamic collection's saved query no
   *     longer parses
   */
  public CoverageMap collectionMap(long collectionId) {
    return map(scope(collectionId));
  }

  /**
   * A collection's id, name and query, without counting its members.
   *
   * @throws UnknownCollectionException if there is no such collection
   */
  public CoverageScope scope(long collectionId) {
    return jdbc.sql(COLLECTION)
        .param("id", collectionId)
        .query(SCOPE)
        .optional()
        .orElseThrow(() -> new UnknownCollectionException(collectionId));
  }

  /**
   * The coverage of {@code scope}, as {@link #collectionMap(long)} reads it.
   *
   * @throws dev.darkroom.core.query.QueryParseException if a dynamic collection's saved query no
   *     longer parses
   */
  public CoverageMap map(CoverageScope scope) {
    if (scope.query() == null) {
      return membersMap(scope.id(), CoverageBasis.COUNTERS);
    }
    AssetQuery query = AssetQuery.parse(scope.query());
    if (query.onlyAsksMediaType()) {
      SqlFragment condition = query.condition();
      return assemble(
          mediaCounts(MEDIA_BY_TYPE.formatted(condition.sql()), condition),
          tallies(TALLY_BY_TYPE.formatted(condition.sql()), condition),
          new Counted(
              "coverage_failed_runs",
              condition,
              new SqlFragment(
                  "EXISTS (SELECT 1 FROM coverage_asset a WHERE a.asset_id = s.asset_id AND "
                      + condition.sql()
                      + ")",
                  condition.params())),
          CoverageBasis.COUNTERS);
    }
    if (query.matchesAll()) {
      return allMap();
    }
    String membership = membership(scope.id());
    if ("KEPT".equals(membership)) {
      // Pending first: the counters read after it include at least what it says is applied.
      KeptMembership kept = pending(false);
      return membersMap(scope.id(), CoverageBasis.KEPT).with(kept);
    }
    CoverageMap counted = scopedMap(query.liveAssetIds());
    return "FILLING".equals(membership) ? counted.with(pending(true)) : counted;
  }

  /**
   * A collection's map from its member rows' counters (V86, V92): a static collection's, or a
   * dynamic collection's kept members (V93).
   */
  private CoverageMap membersMap(long collectionId, CoverageBasis basis) {
    Map<String, Object> params = Map.of("coverageCollection", collectionId);
    SqlFragment members = new SqlFragment("true", params);
    return assemble(
        mediaCounts(MEDIA_COLLECTION, members),
        tallies(TALLY_COLLECTION, members),
        new Counted(
            "collection_coverage_failed_runs",
            new SqlFragment("a.collection_id = :coverageCollection", params),
            new SqlFragment(
                "EXISTS (SELECT 1 FROM collection_member m WHERE m.collection_id ="
                    + " :coverageCollection AND m.asset_id = s.asset_id)",
                params)),
        basis);
  }

  /** Membership of a dynamic collection (V93): KEPT, FILLING or null (not kept). */
  private @Nullable String membership(long collectionId) {
    return jdbc.sql(MEMBERSHIP)
        .param("id", collectionId)
        .query((rs, row) -> rs.getString("membership"))
        .optional()
        .orElse(null);
  }

  private KeptMembership pending(boolean filling) {
    return jdbc.sql(PENDING)
        .param("cap", KeptMembership.PENDING_CAP)
        .query(
            (rs, row) -> {
              long pending = rs.getLong("pending");
              java.sql.Timestamp oldest = rs.getTimestamp("oldest");
              java.sql.Timestamp at = rs.getTimestamp("at");
              Instant asOf = filling ? null : oldest != null ? oldest.toInstant() : at.toInstant();
              return new KeptMembership(filling, pending, asOf);
            })
        .single();
  }

  /**
   * Collections newest first, with ids below {@code beforeId}, as the coverage page names them:
   * without counting their members.
   */
  public List<CoverageScope> scopes(long beforeId, int limit) {
    return jdbc.sql(COLLECTIONS)
        .param("beforeId", beforeId)
        .param("limit", limit)
        .query(SCOPE)
        .list();
  }

  /** The coverage of the live assets a {@code SELECT … asset_id} picks, counted now. */
  public List<StepCoverage> scoped(SqlFragment scope) {
    return scopedMap(scope).steps();
  }

  private CoverageMap scopedMap(SqlFragment scope) {
    return assemble(
        mediaCounts(MEDIA_SCOPED.formatted(scope.sql()), scope),
        tallies(TALLY_SCOPED.formatted(scope.sql()), scope),
        new Scoped(scope),
        CoverageBasis.COUNTED);
  }

  /**
   * Whether a query's condition reads nothing but the media type, so it can filter the
   * per-media-type counters: {@code type:} terms under AND, OR and NOT.
   */
  static boolean onlyAsksMediaType(@Nullable Expr expr) {
    return new AssetQuery("", expr).onlyAsksMediaType();
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

  private CoverageMap assemble(
      Map<String, Long> media, List<Tally> tallies, FailedRunSource runs, CoverageBasis basis) {
    Instant readAt = Instant.now();
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
      rows.add(new StepCoverage(step, counts, failed == 0 ? List.of() : runs.failedRuns(step)));
    }
    rows.sort(Comparator.comparing((StepCoverage r) -> r.step().kind()));
    return new CoverageMap(rows, basis, readAt);
  }

  /** Where a failed cell's runs come from. */
  private interface FailedRunSource {
    List<FailedRun> failedRuns(CoverageStep step);
  }

  /**
   * From failed-run counters: {@code table} filtered by {@code counters} (over alias {@code a}),
   * the sample reason from the tool's failed rows restricted by {@code rows} (over alias {@code
   * s}).
   */
  private final class Counted implements FailedRunSource {
    private final String table;
    private final SqlFragment counters;
    private final SqlFragment rows;

    Counted(String table, SqlFragment counters, SqlFragment rows) {
      this.table = table;
      this.counters = counters;
      this.rows = rows;
    }

    @Override
    public List<FailedRun> failedRuns(CoverageStep step) {
      Map<String, Object> params = new LinkedHashMap<>(counters.params());
      params.putAll(rows.params());
      params.put("toolId", step.toolId());
      return jdbc.sql(FAILED_RUNS_COUNTED.formatted(table, counters.sql(), rows.sql()))
          .params(params)
          .query(CoverageRepository::failedRun)
          .list();
    }
  }

  /** Counted now over the scope's matches. */
  private final class Scoped implements FailedRunSource {
    private final SqlFragment scope;

    Scoped(SqlFragment scope) {
      this.scope = scope;
    }

    @Override
    public List<FailedRun> failedRuns(CoverageStep step) {
      Map<String, Object> params = new LinkedHashMap<>(scope.params());
      params.put("toolId", step.toolId());
      return jdbc.sql(FAILED_RUNS_SCOPED.formatted(scope.sql()))
          .params(params)
          .query(CoverageRepository::failedRun)
          .list();
    }
  }

  private static FailedRun failedRun(ResultSet rs, int row) throws SQLException {
    return new FailedRun(rs.getLong("run_id"), rs.getLong("assets"), rs.getString("reason"));
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
