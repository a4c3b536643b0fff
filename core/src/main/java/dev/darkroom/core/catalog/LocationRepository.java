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
  // The same, plus the newest location each path had that a scan closed as VANISHED: a file back
  // there with its size and mtime reopens it instead of being read again.
  private static final String KNOWN_IN_DIRECTORIES =
      """
      SELECT id, asset_id, rel_path, parent_path, size_bytes,
             (extract(epoch FROM mtime) * 1000000)::bigint, coalesce(hashed_scan, 0), false
      FROM asset_location
      WHERE root_id = :root AND parent_path = ANY(:parents::text[]) AND gone_at IS NULL
      UNION ALL
      (SELECT DISTINCT ON (rel_path) id, asset_id, rel_path, parent_path, size_bytes,
              (extract(epoch FROM mtime) * 1000000)::bigint, coalesce(hashed_scan, 0), true
       FROM asset_location
       WHERE root_id = :root AND parent_path = ANY(:parents::text[]) AND gone_at IS NOT NULL
         AND gone_reason = 'VANISHED'
       ORDER BY rel_path, id DESC)
      """;
  private static final String COUNT_DEFERRED =
      """
      SELECT count(*) FROM scan_vanished v JOIN asset_location l ON l.id = v.location_id
      WHERE v.scan_id = :scan AND v.root_id = :root AND l.gone_at IS NULL
      """;
  private static final String CLOSE_DEFERRED =
      """
      UPDATE asset_location l
      SET gone_at = now(), gone_scan = :scan, gone_reason = 'VANISHED',
          last_seen_scan = v.last_seen_scan
      FROM scan_vanished v
      WHERE v.scan_id = :scan AND v.root_id = :root AND l.id = v.location_id AND l.gone_at IS NULL
      """;
  private static final String FORGET_DEFERRED =
      "DELETE FROM scan_vanished WHERE scan_id = :scan AND root_id = :root";
  // Live before this scan: what a share of "gone" is measured against (locations this scan opened
  // do not dilute it, those it closed already count).
  private static final String COUNT_LIVE_BEFORE =
      """
      SELECT count(*) FROM asset_location
      WHERE root_id = :root AND (gone_at IS NULL OR gone_scan = :scan)
        AND first_seen_scan IS DISTINCT FROM :scan
      """;
  private static final String COUNT_LIVE_IN_ROOT =
      "SELECT count(*) FROM asset_location WHERE root_id = :root AND gone_at IS NULL";
  // The scan closed the missing locations of every directory it listed as it went (Vanished). What
  // is left live in a directory it did not list at all is gone, unless the scan reported a problem
  // at its path or above it (an unreadable directory must never look like deleted files). The
  // directories holding live locations are found with one index probe each (a skip scan), so the
  // statement costs a probe per directory, not a look at every live location, whatever the
  // planner's statistics say about a freshly filled table.
  private static final String UNLISTED_LIVE =
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
      SELECT l.id FROM asset_location l
      WHERE l.root_id = :root AND l.gone_at IS NULL
        AND l.parent_path = ANY(ARRAY(
          SELECT u.path FROM live_dirs u WHERE u.path IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM archive_directory d
            WHERE d.root_id = :root AND d.rel_path = u.path AND d.last_scan_id = :scan)))
        AND l.last_seen_scan IS DISTINCT FROM :scan
        AND NOT EXISTS (
          SELECT 1 FROM scan_vanished v WHERE v.scan_id = :scan AND v.location_id = l.id)
        AND NOT EXISTS (
          SELECT 1 FROM scan_problem p
          WHERE p.scan_id = :scan AND p.root_id = l.root_id
            AND (p.rel_path = '.' OR l.rel_path = p.rel_path
                 OR starts_with(l.rel_path, p.rel_path || '/')))
      """;
  private static final String CLOSE_UNLISTED =
      """
      UPDATE asset_location l
      SET gone_at = now(), gone_scan = :scan, gone_reason = 'VANISHED',
          last_seen_scan = greatest(l.last_seen_scan, (
            SELECT d.last_scan_id FROM archive_directory d
            WHERE d.root_id = l.root_id AND d.rel_path = l.parent_path))
      WHERE l.id = ANY(:ids::bigint[]) AND l.gone_at IS NULL
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
   * As {@link #liveInDirectories}, with the newest location each path had that a scan closed as
   * {@code VANISHED} (by directory, then relative path), for files that come back.
   */
  public InDirectories knownInDirectories(long rootId, Collection<String> parentPaths) {
    Map<String, Map<String, KnownLocation>> live = new HashMap<>();
    Map<String, Map<String, KnownLocation>> closed = new HashMap<>();
    jdbc.sql(KNOWN_IN_DIRECTORIES)
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
              (rs.getBoolean(8) ? closed : live)
                  .computeIfAbsent(rs.getString(4), d -> new HashMap<>())
                  .put(known.relPath(), known);
            });
    return new InDirectories(live, closed);
  }

  /** Live and closed ({@code VANISHED}) locations of some directories, by directory and path. */
  public record InDirectories(
      Map<String, Map<String, KnownLocation>> live,
      Map<String, Map<String, KnownLocation>> closed) {}

  /**
   * The live locations of a root that scan {@code scanId} did not see because it did not list their
   * directory at all (a directory that is gone, or no longer a directory), except under a path with
   * a problem. Ask once the walk of the root is complete.
   */
  public List<Long> unlistedLive(long scanId, long rootId) {
    return jdbc.sql(UNLISTED_LIVE)
        .param("scan", scanId)
        .param("root", rootId)
        .query(Long.class)
        .list();
  }

  /** Closes locations found by {@link #unlistedLive} as {@code VANISHED} by scan {@code scanId}. */
  public int closeUnlisted(long scanId, List<Long> locationIds) {
    return jdbc.sql(CLOSE_UNLISTED)
        .param("scan", scanId)
        .param("ids", locationIds.stream().mapToLong(Long::longValue).toArray())
        .update();
  }

  /** Live locations of a root that scan {@code scanId} found missing while listing directories. */
  public long countDeferred(long scanId, long rootId) {
    return jdbc.sql(COUNT_DEFERRED)
        .param("scan", scanId)
        .param("root", rootId)
        .query(Long.class)
        .single();
  }

  /**
   * Closes, as {@code VANISHED}, the locations of a root that scan {@code scanId} found missing
   * while listing directories, and forgets them.
   */
  public int closeDeferred(long scanId, long rootId) {
    int closed = jdbc.sql(CLOSE_DEFERRED).param("scan", scanId).param("root", rootId).update();
    jdbc.sql(FORGET_DEFERRED).param("scan", scanId).param("root", rootId).update();
    return closed;
  }

  /** Locations of a root that were live when scan {@code scanId} began. */
  public long countLiveBefore(long scanId, long rootId) {
    return jdbc.sql(COUNT_LIVE_BEFORE)
        .param("scan", scanId)
        .param("root", rootId)
        .query(Long.class)
        .single();
  }

  /** Every location an asset ever had, oldest first. */
  public List<AssetLocation> history(long assetId) {
    return jdbc.sql(HISTORY).param("asset", assetId).query(AssetLocation::map).list();
  }
}
