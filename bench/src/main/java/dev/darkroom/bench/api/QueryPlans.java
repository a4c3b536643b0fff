package dev.darkroom.bench.api;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.SqlFragment;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Prints PostgreSQL's plans ({@code EXPLAIN (ANALYZE, BUFFERS)}) of the asset search for queries
 * that match nothing, on the seeded catalog: where a query that proves an empty answer spends its
 * time. The statement is the asset search's ({@code AssetSearchRepository}) with its first page
 * size; kept in step by hand.
 */
final class QueryPlans {

  private static final String SEARCH =
      """
      SELECT a.id, loc.rel_path, thumb.id AS thumbnail_id
        FROM asset a
        JOIN LATERAL (SELECT r.name AS root_name, l.rel_path
                        FROM asset_location l JOIN archive_root r ON r.id = l.root_id
                       WHERE l.asset_id = a.id AND l.gone_at IS NULL
                       ORDER BY l.id LIMIT 1) loc ON TRUE
        LEFT JOIN LATERAL (SELECT t.id FROM artifact t
                            WHERE t.asset_id = a.id AND t.kind = 'thumbnail'
                              AND (t.expires_at IS NULL OR t.expires_at > now())
                            ORDER BY t.created_at DESC, t.id DESC LIMIT 1) thumb ON TRUE
       WHERE a.id > 0 AND %s
       ORDER BY a.id
       LIMIT 51
      """;

  static final List<String> NOTHING =
      List.of(
          "-has:phash",
          "path:photos/2019 -has:phash",
          "type:image -has:thumbnail",
          "has:faces",
          "camera:Hasselblad");

  private QueryPlans() {}

  static void print(JdbcClient jdbc) {
    for (String text : NOTHING) {
      SqlFragment where = AssetQuery.parse(text).where();
      System.out.println("EXPLAIN " + text);
      for (String line :
          jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + SEARCH.formatted(where.sql()))
              .params(where.params())
              .query(String.class)
              .list()) {
        System.out.println("  " + line);
      }
    }
  }
}
