package dev.darkroom.testsupport;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checks that the counters triggers keep for coverage equal a recount from the catalog, for every
 * key in the database: the all-assets counters of V50 ({@code coverage_media}, {@code
 * coverage_tally}), the static collections' of V86 ({@code collection_coverage_media}, {@code
 * collection_coverage_tally}), the per-media-type tallies and failed-run counts of V91 and V92
 * ({@code coverage_media_tally}, {@code coverage_failed_runs}, {@code
 * collection_coverage_failed_runs}) and the per-kind presence of V85 ({@code asset_kind_tally}).
 * Each comparison is one statement, so it sees one snapshot. The counterpart of {@link
 * RunUnitCounterCheck} for coverage.
 */
public final class CoverageCounterCheck {

  // Liveness recounted from asset_location, not from coverage_asset: the check must not trust the
  // table the triggers keep.
  private static final String LIVE =
      "SELECT a.id AS asset_id, a.media_type FROM asset a WHERE EXISTS (SELECT 1 FROM"
          + " asset_location l WHERE l.asset_id = a.id AND l.gone_at IS NULL)";

  private static final String MEDIA_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT media_type, count(*) AS n FROM live GROUP BY 1),
      kept AS (SELECT media_type, sum(n) AS n FROM coverage_media GROUP BY 1 HAVING sum(n) <> 0)
      SELECT format('all assets, media %%s: counters %%s, recount %%s',
                    coalesce(r.media_type, k.media_type), coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r FULL JOIN kept k USING (media_type)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);
  private static final String TALLY_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT s.tool_id, s.status, s.tool_version, s.params_hash, count(*) AS n
                    FROM coverage_state s JOIN live USING (asset_id) GROUP BY 1, 2, 3, 4),
      kept AS (SELECT tool_id, status, tool_version, params_hash, sum(n) AS n FROM coverage_tally
                GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0)
      SELECT format('all assets, %%s %%s v%%s %%s: counters %%s, recount %%s',
                    coalesce(r.tool_id, k.tool_id), coalesce(r.status, k.status),
                    coalesce(r.tool_version, k.tool_version),
                    left(coalesce(r.params_hash, k.params_hash), 8),
                    coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r FULL JOIN kept k USING (tool_id, status, tool_version, params_hash)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);
  private static final String COLLECTION_MEDIA_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT m.collection_id, live.media_type, count(*) AS n
                    FROM collection_member m JOIN live USING (asset_id) GROUP BY 1, 2),
      kept AS (SELECT collection_id, media_type, sum(n) AS n FROM collection_coverage_media
                GROUP BY 1, 2 HAVING sum(n) <> 0)
      SELECT format('collection %%s, media %%s: counters %%s, recount %%s',
                    coalesce(r.collection_id, k.collection_id),
                    coalesce(r.media_type, k.media_type), coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r FULL JOIN kept k USING (collection_id, media_type)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);
  private static final String COLLECTION_TALLY_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT m.collection_id, s.tool_id, s.status, s.tool_version, s.params_hash,
                         count(*) AS n
                    FROM collection_member m JOIN live USING (asset_id)
                    JOIN coverage_state s ON s.asset_id = m.asset_id
                   GROUP BY 1, 2, 3, 4, 5),
      kept AS (SELECT collection_id, tool_id, status, tool_version, params_hash, sum(n) AS n
                 FROM collection_coverage_tally GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0)
      SELECT format('collection %%s, %%s %%s v%%s %%s: counters %%s, recount %%s',
                    coalesce(r.collection_id, k.collection_id), coalesce(r.tool_id, k.tool_id),
                    coalesce(r.status, k.status), coalesce(r.tool_version, k.tool_version),
                    left(coalesce(r.params_hash, k.params_hash), 8),
                    coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r
        FULL JOIN kept k USING (collection_id, tool_id, status, tool_version, params_hash)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);
  private static final String MEDIA_TALLY_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT s.tool_id, s.status, s.tool_version, s.params_hash, live.media_type,
                         count(*) AS n
                    FROM coverage_state s JOIN live USING (asset_id) GROUP BY 1, 2, 3, 4, 5),
      kept AS (SELECT tool_id, status, tool_version, params_hash, media_type, sum(n) AS n
                 FROM coverage_media_tally GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0)
      SELECT format('media %%s, %%s %%s v%%s %%s: counters %%s, recount %%s',
                    coalesce(r.media_type, k.media_type), coalesce(r.tool_id, k.tool_id),
                    coalesce(r.status, k.status), coalesce(r.tool_version, k.tool_version),
                    left(coalesce(r.params_hash, k.params_hash), 8),
                    coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r
        FULL JOIN kept k USING (tool_id, status, tool_version, params_hash, media_type)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);
  private static final String FAILED_RUN_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT s.tool_id, s.run_id, live.media_type, count(*) AS n
                    FROM coverage_state s JOIN live USING (asset_id)
                   WHERE s.status = 'FAILED' GROUP BY 1, 2, 3),
      kept AS (SELECT tool_id, run_id, media_type, sum(n) AS n FROM coverage_failed_runs
                GROUP BY 1, 2, 3 HAVING sum(n) <> 0)
      SELECT format('media %%s, %%s failed in run %%s: counters %%s, recount %%s',
                    coalesce(r.media_type, k.media_type), coalesce(r.tool_id, k.tool_id),
                    coalesce(r.run_id, k.run_id), coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r FULL JOIN kept k USING (tool_id, run_id, media_type)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);
  private static final String COLLECTION_FAILED_RUN_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT m.collection_id, s.tool_id, s.run_id, count(*) AS n
                    FROM collection_member m JOIN live USING (asset_id)
                    JOIN coverage_state s ON s.asset_id = m.asset_id
                   WHERE s.status = 'FAILED' GROUP BY 1, 2, 3),
      kept AS (SELECT collection_id, tool_id, run_id, sum(n) AS n
                 FROM collection_coverage_failed_runs GROUP BY 1, 2, 3 HAVING sum(n) <> 0)
      SELECT format('collection %%s, %%s failed in run %%s: counters %%s, recount %%s',
                    coalesce(r.collection_id, k.collection_id), coalesce(r.tool_id, k.tool_id),
                    coalesce(r.run_id, k.run_id), coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r FULL JOIN kept k USING (collection_id, tool_id, run_id)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);
  // Rows that reached zero are deleted by the transaction that zeroed them, so the failed-run
  // tables grow with the runs that have failures now, not with history.
  private static final String ZERO_FAILED_RUN_ROWS =
      """
      SELECT format('%s zero rows left in coverage_failed_runs', count(*))
        FROM coverage_failed_runs WHERE n = 0 HAVING count(*) > 0
      UNION ALL
      SELECT format('%s zero rows left in collection_coverage_failed_runs', count(*))
        FROM collection_coverage_failed_runs WHERE n = 0 HAVING count(*) > 0
      """;
  private static final String KIND_MISMATCHES =
      """
      WITH live AS (%s),
      recount AS (SELECT t.kind, count(DISTINCT t.asset_id) AS n
                    FROM artifact t JOIN live USING (asset_id)
                   WHERE t.expires_at IS NULL GROUP BY 1),
      kept AS (SELECT kind, sum(n) AS n FROM asset_kind_tally GROUP BY 1 HAVING sum(n) <> 0)
      SELECT format('live assets with a permanent %%s: counters %%s, recount %%s',
                    coalesce(r.kind, k.kind), coalesce(k.n, 0), coalesce(r.n, 0))
        FROM recount r FULL JOIN kept k USING (kind)
       WHERE r.n IS DISTINCT FROM k.n ORDER BY 1
      """
          .formatted(LIVE);

  private CoverageCounterCheck() {}

  /** What differs between the counters and a recount; empty when they agree. */
  public static List<String> mismatches(DataSource dataSource) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    List<String> found = new ArrayList<>();
    for (String sql :
        List.of(
            MEDIA_MISMATCHES,
            TALLY_MISMATCHES,
            COLLECTION_MEDIA_MISMATCHES,
            COLLECTION_TALLY_MISMATCHES,
            MEDIA_TALLY_MISMATCHES,
            FAILED_RUN_MISMATCHES,
            COLLECTION_FAILED_RUN_MISMATCHES,
            ZERO_FAILED_RUN_ROWS,
            KIND_MISMATCHES)) {
      found.addAll(jdbc.sql(sql).query(String.class).list());
    }
    return found;
  }

  /**
   * @throws AssertionError naming every key whose counters differ from a recount
   */
  public static void assertCountersMatchRecount(DataSource dataSource) {
    List<String> found = mismatches(dataSource);
    if (!found.isEmpty()) {
      throw new AssertionError(
          "coverage counters differ from a recount:\n  " + String.join("\n  ", found));
    }
  }
}
