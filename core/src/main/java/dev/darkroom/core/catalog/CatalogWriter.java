package dev.darkroom.core.catalog;

import dev.darkroom.core.catalog.ScannedFile.DirectoryListed;
import dev.darkroom.core.catalog.ScannedFile.Hashed;
import dev.darkroom.core.catalog.ScannedFile.Problem;
import dev.darkroom.core.catalog.ScannedFile.Reopened;
import dev.darkroom.core.catalog.ScannedFile.Vanished;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Applies a chunk of scan results to the catalog with a handful of set-based statements, so the
 * cost per file stays near the cost of hashing it.
 *
 * <p>Identity is the content hash: the same bytes at two paths become one asset with two locations;
 * a path whose content changed closes its old location ({@code CHANGED}) and opens a new one; a
 * location found missing waits in {@code scan_vanished} until mark-gone closes it ({@code
 * VANISHED}, see {@link LocationRepository#closeDeferred}); a file back where a closed location
 * was, with its size and mtime, reopens that location. An unchanged file costs no write at all: its
 * directory's listing counts it as seen ({@code archive_directory}, see ADR 0004). Every statement
 * is idempotent for a given scan, so a chunk redone after a crash changes nothing twice. Call it
 * inside the chunk's transaction.
 */
@Repository
public class CatalogWriter {

  private static final String UPSERT_ASSETS =
      """
      INSERT INTO asset (sha256, size_bytes, media_type, width, height, first_scan_id)
      SELECT * FROM unnest(:sha::text[], :size::bigint[], :type::text[], :width::int[],
                           :height::int[], :scan::bigint[])
      ON CONFLICT (sha256) DO UPDATE SET updated_at = asset.updated_at
      RETURNING id, sha256
      """;
  private static final String INSERT_LOCATIONS =
      """
      INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes, mtime,
                                  first_seen_scan, last_seen_scan, hashed_scan)
      SELECT a, r, p, pp, s, timestamptz 'epoch' + m * interval '1 microsecond', :scan, :scan, :scan
      FROM unnest(:asset::bigint[], :root::bigint[], :path::text[], :parent::text[],
                  :size::bigint[], :mtime::bigint[]) AS t(a, r, p, pp, s, m)
      ON CONFLICT (root_id, rel_path) WHERE gone_at IS NULL DO NOTHING
      """;
  private static final String TOUCH_SAME_CONTENT =
      """
      UPDATE asset_location l
      SET size_bytes = t.s, mtime = timestamptz 'epoch' + t.m * interval '1 microsecond',
          last_seen_scan = :scan, hashed_scan = :scan
      FROM unnest(:id::bigint[], :size::bigint[], :mtime::bigint[]) AS t(id, s, m)
      WHERE l.id = t.id
      """;
  // Closing a location fixes its last_seen_scan: an unchanged file's row is not written by the
  // scans that see it, its directory's last listing (by an earlier scan) says when it was last
  // seen.
  private static final String CLOSE =
      """
      UPDATE asset_location l
      SET gone_at = now(), gone_scan = :scan, gone_reason = :reason,
          last_seen_scan = greatest(l.last_seen_scan, (
            SELECT d.last_scan_id FROM archive_directory d
            WHERE d.root_id = l.root_id AND d.rel_path = l.parent_path
              AND d.last_scan_id <> :scan))
      WHERE l.id = ANY(:ids::bigint[]) AND l.gone_at IS NULL
      """;
  // A vanished location is closed by mark-gone once the share of the root it would close is known.
  // Its "last seen" is fixed now: its directory's previous listing is overwritten in this chunk.
  private static final String DEFER_VANISHED =
      """
      INSERT INTO scan_vanished (scan_id, location_id, root_id, last_seen_scan)
      SELECT :scan, l.id, l.root_id, greatest(l.last_seen_scan, (
               SELECT d.last_scan_id FROM archive_directory d
               WHERE d.root_id = l.root_id AND d.rel_path = l.parent_path
                 AND d.last_scan_id <> :scan))
      FROM asset_location l WHERE l.id = ANY(:ids::bigint[]) AND l.gone_at IS NULL
      ON CONFLICT DO NOTHING
      """;
  private static final String REOPEN =
      """
      UPDATE asset_location l
      SET gone_at = NULL, gone_scan = NULL, gone_reason = NULL, last_seen_scan = :scan
      WHERE l.id = ANY(:ids::bigint[]) AND l.gone_at IS NOT NULL AND l.gone_reason = 'VANISHED'
        AND NOT EXISTS (SELECT 1 FROM asset_location o
                        WHERE o.root_id = l.root_id AND o.rel_path = l.rel_path
                          AND o.gone_at IS NULL)
      """;
  private static final String MARK_LISTED =
      """
      INSERT INTO archive_directory (root_id, rel_path, last_scan_id)
      SELECT r, p, :scan FROM unnest(:root::bigint[], :path::text[]) AS t(r, p)
      ON CONFLICT (root_id, rel_path) DO UPDATE SET last_scan_id = excluded.last_scan_id
      WHERE archive_directory.last_scan_id IS DISTINCT FROM excluded.last_scan_id
      """;
  private static final String INSERT_PROBLEMS =
      """
      INSERT INTO scan_problem (scan_id, root_id, rel_path, kind, message)
      SELECT :scan, r, p, k, m FROM unnest(:root::bigint[], :path::text[], :kind::text[],
                                           :message::text[]) AS t(r, p, k, m)
      ON CONFLICT DO NOTHING
      """;

  private final JdbcClient jdbc;

  public CatalogWriter(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records one chunk of scan results for scan {@code scanId}. Unchanged files are not written: the
   * chunk's {@link DirectoryListed} entries record them as seen, directory by directory.
   */
  public void apply(long scanId, List<? extends ScannedFile> chunk) {
    List<Hashed> hashed = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<Long> vanished = new ArrayList<>();
    List<Long> reopened = new ArrayList<>();
    Map<String, DirectoryListed> listed = new LinkedHashMap<>();
    for (ScannedFile file : chunk) {
      if (file instanceof Hashed h) {
        hashed.add(h);
      } else if (file instanceof Problem p) {
        problems.add(p);
      } else if (file instanceof Vanished v) {
        vanished.add(v.locationId());
      } else if (file instanceof Reopened r) {
        reopened.add(r.locationId());
      } else if (file instanceof DirectoryListed d) {
        listed.putIfAbsent(d.rootId() + "/" + d.relPath(), d);
      }
    }
    if (!hashed.isEmpty()) {
      applyHashed(scanId, hashed);
    }
    if (!reopened.isEmpty()) {
      jdbc.sql(REOPEN).param("scan", scanId).param("ids", toLongs(reopened)).update();
    }
    if (!vanished.isEmpty()) {
      jdbc.sql(DEFER_VANISHED).param("scan", scanId).param("ids", toLongs(vanished)).update();
    }
    if (!problems.isEmpty()) {
      insertProblems(scanId, problems);
    }
    // Last: closing a location reads its directory's previous listing.
    if (!listed.isEmpty()) {
      jdbc.sql(MARK_LISTED)
          .param("scan", scanId)
          .param("root", listed.values().stream().mapToLong(DirectoryListed::rootId).toArray())
          .param(
              "path", listed.values().stream().map(DirectoryListed::relPath).toArray(String[]::new))
          .update();
    }
  }

  private void applyHashed(long scanId, List<Hashed> hashed) {
    Map<String, Long> assetIds = upsertAssets(scanId, hashed);
    List<Hashed> fresh = new ArrayList<>();
    List<Hashed> same = new ArrayList<>();
    List<Long> changed = new ArrayList<>();
    for (Hashed h : hashed) {
      KnownLocation known = h.known();
      long assetId = assetIds.get(h.sha256());
      if (known == null) {
        fresh.add(h);
      } else if (known.assetId() == assetId) {
        same.add(h);
      } else {
        changed.add(known.id());
        fresh.add(h);
      }
    }
    if (!changed.isEmpty()) {
      close(scanId, "CHANGED", changed);
    }
    if (!same.isEmpty()) {
      jdbc.sql(TOUCH_SAME_CONTENT)
          .param("scan", scanId)
          .param("id", same.stream().mapToLong(h -> h.known().id()).toArray())
          .param("size", same.stream().mapToLong(Hashed::sizeBytes).toArray())
          .param("mtime", same.stream().mapToLong(h -> micros(h.mtime())).toArray())
          .update();
    }
    if (!fresh.isEmpty()) {
      jdbc.sql(INSERT_LOCATIONS)
          .param("scan", scanId)
          .param("asset", fresh.stream().mapToLong(h -> assetIds.get(h.sha256())).toArray())
          .param("root", fresh.stream().mapToLong(Hashed::rootId).toArray())
          .param("path", fresh.stream().map(Hashed::relPath).toArray(String[]::new))
          .param(
              "parent",
              fresh.stream().map(h -> ScannedFile.parentOf(h.relPath())).toArray(String[]::new))
          .param("size", fresh.stream().mapToLong(Hashed::sizeBytes).toArray())
          .param("mtime", fresh.stream().mapToLong(h -> micros(h.mtime())).toArray())
          .update();
    }
  }

  private void close(long scanId, String reason, List<Long> locationIds) {
    jdbc.sql(CLOSE)
        .param("scan", scanId)
        .param("reason", reason)
        .param("ids", toLongs(locationIds))
        .update();
  }

  private Map<String, Long> upsertAssets(long scanId, List<Hashed> hashed) {
    // One row per distinct hash: ON CONFLICT may not touch the same row twice in one statement.
    Map<String, Hashed> distinct = new LinkedHashMap<>();
    hashed.forEach(h -> distinct.putIfAbsent(h.sha256(), h));
    List<Hashed> rows = List.copyOf(distinct.values());
    Map<String, Long> ids = new HashMap<>();
    jdbc.sql(UPSERT_ASSETS)
        .param("sha", rows.stream().map(Hashed::sha256).toArray(String[]::new))
        .param("size", rows.stream().mapToLong(Hashed::sizeBytes).toArray())
        .param("type", rows.stream().map(Hashed::mediaType).toArray(String[]::new))
        .param("width", rows.stream().map(Hashed::width).toArray(Integer[]::new))
        .param("height", rows.stream().map(Hashed::height).toArray(Integer[]::new))
        .param("scan", rows.stream().mapToLong(h -> scanId).toArray())
        .query((rs, n) -> ids.put(rs.getString("sha256"), rs.getLong("id")))
        .list();
    return ids;
  }

  private void insertProblems(long scanId, List<Problem> problems) {
    jdbc.sql(INSERT_PROBLEMS)
        .param("scan", scanId)
        .param("root", problems.stream().mapToLong(Problem::rootId).toArray())
        .param("path", problems.stream().map(Problem::relPath).toArray(String[]::new))
        .param("kind", problems.stream().map(p -> p.kind().name()).toArray(String[]::new))
        .param("message", problems.stream().map(Problem::message).toArray(String[]::new))
        .update();
  }

  /** Timestamps are stored with microsecond precision; compare and store them that way. */
  public static Instant toStoredPrecision(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }
}
