package dev.darkroom.core.catalog;

import dev.darkroom.core.catalog.ScanReport.ScanProblem;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code scan} and {@code scan_problem} tables. */
@Repository
public class ScanRepository {

  private static final String CREATE =
      "INSERT INTO scan (roots, full_rescan) VALUES (:roots::text[], :full) RETURNING id";
  private static final String RUNNING = "SELECT id FROM scan WHERE status = 'RUNNING' ORDER BY id";
  private static final String SET_JOB_EXECUTION =
      "UPDATE scan SET job_execution_id = :exec WHERE id = :id";
  private static final String REOPEN =
      "UPDATE scan SET status = 'RUNNING', finished_at = NULL, error = NULL WHERE id = :id";
  // Unchanged: live, not hashed by this scan, in a directory this scan listed (so it was there: a
  // missing one would have been closed), less those with a problem reported at their path (few;
  // counted from the problem side). Unchanged rows are never written, so a scan that failed
  // half-way counts only those of the directories it finished.
  private static final String FINISH =
      """
      WITH listed AS (
        SELECT count(*) AS n FROM archive_directory d
        JOIN asset_location l ON l.root_id = d.root_id AND l.parent_path = d.rel_path
        WHERE d.last_scan_id = :id AND l.gone_at IS NULL AND l.hashed_scan IS DISTINCT FROM :id
          AND NOT EXISTS (SELECT 1 FROM scan_vanished v
                          WHERE v.scan_id = :id AND v.location_id = l.id)
      ), troubled AS (
        SELECT count(DISTINCT l.id) AS n FROM scan_problem p
        JOIN asset_location l ON l.root_id = p.root_id AND l.rel_path = p.rel_path
        JOIN archive_directory d ON d.root_id = l.root_id AND d.rel_path = l.parent_path
        WHERE p.scan_id = :id AND l.gone_at IS NULL AND l.hashed_scan IS DISTINCT FROM :id
          AND d.last_scan_id = :id
          AND NOT EXISTS (SELECT 1 FROM scan_vanished v
                          WHERE v.scan_id = :id AND v.location_id = l.id)
      ), unchanged AS (
        SELECT listed.n - troubled.n AS n FROM listed, troubled
      )
      UPDATE scan s SET status = :status, finished_at = now(), error = :error,
        files_hashed = (SELECT count(*) FROM asset_location WHERE hashed_scan = s.id),
        bytes_hashed = (SELECT coalesce(sum(size_bytes), 0) FROM asset_location
                        WHERE hashed_scan = s.id),
        assets_new = (SELECT count(*) FROM asset WHERE first_scan_id = s.id),
        locations_new = (SELECT count(*) FROM asset_location WHERE first_seen_scan = s.id),
        files_changed = (SELECT count(*) FROM asset_location
                         WHERE gone_scan = s.id AND gone_reason = 'CHANGED'),
        files_gone = (SELECT count(*) FROM asset_location
                      WHERE gone_scan = s.id AND gone_reason = 'VANISHED'),
        files_moved = (SELECT count(*) FROM asset_location n
                       WHERE n.first_seen_scan = s.id AND EXISTS (
                         SELECT 1 FROM asset_location o WHERE o.asset_id = n.asset_id
                           AND o.gone_scan = s.id AND o.gone_reason = 'VANISHED')),
        files_unchanged = (SELECT n FROM unchanged),
        problems = (SELECT count(*) FROM scan_problem WHERE scan_id = s.id),
        files_seen = (SELECT n FROM unchanged)
                   + (SELECT count(*) FROM asset_location WHERE hashed_scan = s.id)
                   + (SELECT count(*) FROM scan_problem WHERE scan_id = s.id
                      AND kind NOT IN ('UNREADABLE_DIRECTORY', 'TOO_DEEP', 'SYMLINK_LOOP'))
      WHERE s.id = :id
      """;
  // Locations the scan opened or closed, against the live ones it left: PostgreSQL's autovacuum
  // analyzes a table once about a tenth of it changed, but only a while later.
  private static final String CHANGED =
      "SELECT locations_new + files_changed + files_gone FROM scan WHERE id = :id";
  private static final String LIVE = "SELECT count(*) FROM asset_location WHERE gone_at IS NULL";
  private static final String FIND = "SELECT * FROM scan WHERE id = :id";
  private static final String LATEST = "SELECT * FROM scan ORDER BY id DESC LIMIT 1";
  private static final String PAGE =
      "SELECT * FROM scan WHERE id < :before ORDER BY id DESC LIMIT :limit";
  private static final String PROBLEMS =
      """
      SELECT coalesce(r.name, '') AS root, p.rel_path, p.kind, p.message
      FROM scan_problem p LEFT JOIN archive_root r ON r.id = p.root_id
      WHERE p.scan_id = :id ORDER BY r.name, p.rel_path, p.kind LIMIT :limit
      """;

  private final JdbcClient jdbc;

  public ScanRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public long create(List<String> roots, boolean fullRescan) {
    return jdbc.sql(CREATE)
        .param("roots", roots.toArray(String[]::new))
        .param("full", fullRescan)
        .query(Long.class)
        .single();
  }

  public List<Long> running() {
    return jdbc.sql(RUNNING).query(Long.class).list();
  }

  public void setJobExecution(long scanId, long jobExecutionId) {
    jdbc.sql(SET_JOB_EXECUTION).param("id", scanId).param("exec", jobExecutionId).update();
  }

  /** Marks a stopped or failed scan as running again before its job is restarted. */
  public void reopen(long scanId) {
    jdbc.sql(REOPEN).param("id", scanId).update();
  }

  /** Ends a scan and derives its report totals from the catalog. */
  public void finish(long scanId, ScanStatus status, String error) {
    jdbc.sql(FINISH)
        .param("id", scanId)
        .param("status", status.name())
        .param("error", error)
        .update();
    // What a refused or failed scan found missing was never closed; it is not resumed either.
    jdbc.sql("DELETE FROM scan_vanished WHERE scan_id = :id").param("id", scanId).update();
  }

  /**
   * Refreshes the planner's statistics of the catalog tables when a finished scan changed a large
   * share of them (at least 1,000 locations and a tenth of the live ones, e.g. a first scan), so
   * the next scan, often right after an import, plans its per-directory look-ups with real numbers
   * instead of those of a nearly empty table. Returns whether it did.
   */
  public boolean analyzeIfChangedMuch(long scanId) {
    long changed = jdbc.sql(CHANGED).param("id", scanId).query(Long.class).optional().orElse(0L);
    if (changed < 1000 || changed * 10 < jdbc.sql(LIVE).query(Long.class).single()) {
      return false;
    }
    jdbc.sql("ANALYZE asset_location, asset, archive_directory").update();
    return true;
  }

  public Optional<ScanReport> find(long scanId, int maxProblems) {
    return jdbc.sql(FIND)
        .param("id", scanId)
        .query((rs, n) -> map(rs, problems(rs.getLong("id"), maxProblems)))
        .optional();
  }

  public Optional<ScanReport> latest(int maxProblems) {
    return jdbc.sql(LATEST)
        .query((rs, n) -> map(rs, problems(rs.getLong("id"), maxProblems)))
        .optional();
  }

  /**
   * One page of scans, newest first, without their problem lists ({@link ScanReport#problems()}
   * still counts them).
   *
   * @param beforeId only scans with a smaller id; null for the first page
   */
  public List<ScanReport> page(@Nullable Long beforeId, int limit) {
    return jdbc.sql(PAGE)
        .param("before", beforeId == null ? Long.MAX_VALUE : beforeId)
        .param("limit", limit)
        .query((rs, n) -> map(rs, List.of()))
        .list();
  }

  public List<ScanProblem> problems(long scanId, int limit) {
    return jdbc.sql(PROBLEMS)
        .param("id", scanId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new ScanProblem(
                    rs.getString("root"),
                    rs.getString("rel_path"),
                    ProblemKind.valueOf(rs.getString("kind")),
                    rs.getString("message")))
        .list();
  }

  private static ScanReport map(ResultSet rs, List<ScanProblem> problems) throws SQLException {
    Timestamp finished = rs.getTimestamp("finished_at");
    Array roots = rs.getArray("roots");
    return new ScanReport(
        rs.getLong("id"),
        ScanStatus.valueOf(rs.getString("status")),
        rs.getBoolean("full_rescan"),
        Arrays.asList((String[]) roots.getArray()),
        rs.getLong("files_seen"),
        rs.getLong("files_hashed"),
        rs.getLong("bytes_hashed"),
        rs.getLong("assets_new"),
        rs.getLong("locations_new"),
        rs.getLong("files_changed"),
        rs.getLong("files_moved"),
        rs.getLong("files_unchanged"),
        rs.getLong("files_gone"),
        rs.getLong("problems"),
        rs.getTimestamp("started_at").toInstant(),
        finished == null ? null : finished.toInstant(),
        rs.getString("error"),
        problems);
  }
}
