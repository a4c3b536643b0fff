package dev.darkroom.core.catalog;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code asset_location} table: where assets were seen, including closed (gone) history. */
@Repository
public class LocationRepository {

  // Columns by position, mtime as epoch microseconds: a rescan maps every live row of the archive.
  private static final String LIVE_IN_DIRECTORIES =
      """
      SELECT id, asset_id, rel_path, parent_path, size_bytes,
             (extract(epoch FROM mtime) * 1000000)::bigint, coalesce(hashed_scan, 0)
      FROM asset_location
      WHERE root_id = :root AND parent_path = ANY(:parents::text[]) AND gone_at IS NULL
      """;
  private static final String COUNT_LIVE_IN_ROOT =
      "SELECT count(*) FROM asset_location WHERE root_id = :root AND gone_at IS NULL";
  // The scan closed the missing locations of every directory it listed as it went (Vanished). What
  // is left live in a directory it did not list at all is gone, unless the scan reported a problem
  // at its path or above it (an unreadable directory must never look like deleted files). The
  // directories holding live locations are found with one index probe each (a skip scan), so the
  // statement costs a probe per directory, not a look at every live location, whatever the
  // planner's statistics say about a freshly filled table.
  private static final String MARK_VANISHED =
      """
      WITH RECURSIVE live_dirs(path) AS (
        (SELECT parent_path FROM asset_location
         WHERE root_id = :root AND gone_at IS NULL ORDER BY parent_path LIMIT 1)
        UNION ALL
        SELECT (SELECT l.parent_path FROM asset_location l
                WHERE l.root_id = :root AND l.gone_at IS NULL AND l.parent_path > live_dirs.path
                ORDER BY l.parent_path LIMIT 1)
        FROM live_dirs WHERE live_dirs.path IS NOT NULL
      )
      UPDATE asset_location l
      SET gone_at = now(), gone_scan = :scan, gone_reason = 'VANISHED',
          last_seen_scan = greatest(l.last_seen_scan, (
            SELECT d.last_scan_id FROM archive_directory d
            WHERE d.root_id = l.root_id AND d.rel_path = l.parent_path))
      WHERE l.root_id = :root AND l.gone_at IS NULL
        AND l.parent_path = ANY(ARRAY(
          SELECT u.path FROM live_dirs u WHERE u.path IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM archive_directory d
            WHERE d.root_id = :root AND d.rel_path = u.path AND d.last_scan_id = :scan)))
        AND l.last_seen_scan IS DISTINCT FROM :scan
        AND NOT EXISTS (
          SELECT 1 FROM scan_problem p
          WHERE p.scan_id = :scan AND p.root_id = l.root_id
            AND (p.rel_path = '.' OR l.rel_path = p.rel_path
                 OR starts_with(l.rel_path, p.rel_path || '/')))
      """;
  // A live location was last seen by the last scan that listed its directory (its row is not
  // written while it stays unchanged); a closed one by the scan recorded when it was closed.
  private static final String HISTORY =
      """
      SELECT l.id, l.asset_id, r.name AS root_name, l.rel_path, l.size_bytes, l.mtime,
             l.first_seen_at, coalesce(s.started_at, l.first_seen_at) AS last_seen_at,
             l.gone_at, l.gone_reason
      FROM asset_location l JOIN archive_root r ON r.id = l.root_id
      LEFT JOIN archive_directory d ON l.gone_at IS NULL
        AND d.root_id = l.root_id AND d.rel_path = l.parent_path
      LEFT JOIN scan s ON s.id = greatest(l.last_seen_scan, d.last_scan_id)
      WHERE l.asset_id = :asset ORDER BY l.first_seen_at, l.id
      """;

  private final JdbcClient jdbc;

  public LocationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Live locations directly inside each of several directories, by directory (absent when it has
   * none), then by relative path.
   */
  public Map<String, Map<String, KnownLocation>> liveInDirectories(
      long rootId, Collection<String> parentPaths) {
    Map<String, Map<String, KnownLocation>> byDirectory = new HashMap<>();
    jdbc.sql(LIVE_IN_DIRECTORIES)
        .param("root", rootId)
        .param("parents", parentPaths.toArray(String[]::new))
        .query(
            rs -> {
              KnownLocation known =
                  new KnownLocation(
                      rs.getLong(1),
                      rs.getLong(2),
                      rs.getString(3),
                      rs.getLong(5),
                      Instant.EPOCH.plus(rs.getLong(6), ChronoUnit.MICROS),
                      rs.getLong(7));
              byDirectory
                  .computeIfAbsent(rs.getString(4), d -> new HashMap<>())
                  .put(known.relPath(), known);
            });
    return byDirectory;
  }

  public long countLive(long rootId) {
    return jdbc.sql(COUNT_LIVE_IN_ROOT).param("root", rootId).query(Long.class).single();
  }

  /**
   * Closes every live location of a root that scan {@code scanId} did not see: those left in
   * directories it did not list (a directory that is gone, or no longer a directory). Call it once
   * the walk of the root is complete.
   */
  public int markVanished(long scanId, long rootId) {
    return jdbc.sql(MARK_VANISHED).param("scan", scanId).param("root", rootId).update();
  }

  /** Every location an asset ever had, oldest first. */
  public List<AssetLocation> history(long assetId) {
    return jdbc.sql(HISTORY).param("asset", assetId).query(AssetLocation::map).list();
  }
}
