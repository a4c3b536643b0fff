package dev.darkroom.core.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code asset_location} table: where assets were seen, including closed (gone) history. */
@Repository
public class LocationRepository {

  private static final String LIVE_IN_DIRECTORY =
      """
      SELECT id, asset_id, rel_path, size_bytes, mtime, coalesce(last_seen_scan, 0) AS last_seen_scan
      FROM asset_location
      WHERE root_id = :root AND parent_path = :parent AND gone_at IS NULL
      """;
  private static final String COUNT_LIVE_IN_ROOT =
      "SELECT count(*) FROM asset_location WHERE root_id = :root AND gone_at IS NULL";
  // A location not seen by this scan is gone, unless the scan reported a problem at its path or
  // above it (an unreadable directory must never look like deleted files).
  private static final String MARK_VANISHED =
      """
      UPDATE asset_location l
      SET gone_at = now(), gone_scan = :scan, gone_reason = 'VANISHED'
      WHERE l.root_id = :root AND l.gone_at IS NULL
        AND l.last_seen_scan IS DISTINCT FROM :scan
        AND NOT EXISTS (
          SELECT 1 FROM scan_problem p
          WHERE p.scan_id = :scan AND p.root_id = l.root_id
            AND (p.rel_path = '.' OR l.rel_path = p.rel_path
                 OR starts_with(l.rel_path, p.rel_path || '/')))
      """;
  private static final String HISTORY =
      """
      SELECT l.id, l.asset_id, r.name AS root_name, l.rel_path, l.size_bytes, l.mtime,
             l.first_seen_at, coalesce(s.started_at, l.first_seen_at) AS last_seen_at,
             l.gone_at, l.gone_reason
      FROM asset_location l JOIN archive_root r ON r.id = l.root_id
      LEFT JOIN scan s ON s.id = l.last_seen_scan
      WHERE l.asset_id = :asset ORDER BY l.first_seen_at, l.id
      """;

  private final JdbcClient jdbc;

  public LocationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Live locations directly inside one directory, keyed by relative path. */
  public Map<String, KnownLocation> liveInDirectory(long rootId, String parentPath) {
    Map<String, KnownLocation> byPath = new HashMap<>();
    jdbc.sql(LIVE_IN_DIRECTORY)
        .param("root", rootId)
        .param("parent", parentPath)
        .query(LocationRepository::mapKnown)
        .list()
        .forEach(k -> byPath.put(k.relPath(), k));
    return byPath;
  }

  public long countLive(long rootId) {
    return jdbc.sql(COUNT_LIVE_IN_ROOT).param("root", rootId).query(Long.class).single();
  }

  /** Closes every live location of a root that scan {@code scanId} did not see. */
  public int markVanished(long scanId, long rootId) {
    return jdbc.sql(MARK_VANISHED).param("scan", scanId).param("root", rootId).update();
  }

  /** Every location an asset ever had, oldest first. */
  public List<AssetLocation> history(long assetId) {
    return jdbc.sql(HISTORY).param("asset", assetId).query(AssetLocation::map).list();
  }

  private static KnownLocation mapKnown(ResultSet rs, int row) throws SQLException {
    return new KnownLocation(
        rs.getLong("id"),
        rs.getLong("asset_id"),
        rs.getString("rel_path"),
        rs.getLong("size_bytes"),
        rs.getTimestamp("mtime").toInstant(),
        rs.getLong("last_seen_scan"));
  }
}
