package dev.darkroom.core.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code run_unit} table: per-unit coverage. Reads pages of a partition's unfinished units in
 * key order, and finishes units in batches inside the caller's (chunk) transaction. Counts come
 * from {@code run_partition_counts} and {@code run_finished_second}, which triggers on {@code
 * run_unit} keep in the same transaction as every change (ADR 0016); {@link #recount} is the slow
 * truth they are checked against.
 */
public class RunUnitRepository {

  private static final String PENDING =
      """
      SELECT u.run_id, u.unit_key, u.asset_id, u.attempts, a.media_type, loc.root_name,
             loc.rel_path
        FROM run_unit u
        JOIN asset a ON a.id = u.asset_id
        LEFT JOIN LATERAL (
             SELECT r.name AS root_name, l.rel_path
               FROM asset_location l JOIN archive_root r ON r.id = l.root_id
              WHERE l.asset_id = u.asset_id AND l.gone_at IS NULL
              ORDER BY l.id
              LIMIT 1) loc ON true
       WHERE u.run_id = :runId AND u.partition_no = :partitionNo
         AND u.status IN ('PENDING', 'RUNNING')
         AND u.unit_key > :after
      """;
  private static final String PENDING_AFTER = PENDING + " ORDER BY u.unit_key LIMIT :limit";
  private static final String PENDING_BETWEEN =
      PENDING + " AND u.unit_key <= :upTo ORDER BY u.unit_key LIMIT :limit";

  // Only unfinished units change: a chunk redone after a crash cannot overwrite what the first
  // commit recorded (the same first-write-wins rule as the artifact rows).
  private static final String FINISH =
      """
      UPDATE run_unit u
         SET status = f.status, error = f.error, attempts = u.attempts + f.attempts,
             updated_at = now()
        FROM unnest(:keys::text[], :statuses::text[], :errors::text[], :attempts::int[])
             AS f(unit_key, status, error, attempts)
       WHERE u.run_id = :runId AND u.unit_key = f.unit_key
         AND u.status IN ('PENDING', 'RUNNING')
      """;
  // Status views read the counters that triggers on run_unit keep in the transaction of every
  // change (V60, ADR 0016): one row per partition, never a scan of the run's units.
  private static final String COUNTERS =
      """
      SELECT coalesce(sum(pending + running + done + failed + skipped), 0) AS total,
             coalesce(sum(pending), 0) AS pending, coalesce(sum(running), 0) AS running,
             coalesce(sum(done), 0) AS done, coalesce(sum(failed), 0) AS failed,
             coalesce(sum(skipped), 0) AS skipped
        FROM run_partition_counts WHERE run_id = :runId
      """;
  private static final String PARTITION_COUNTERS = COUNTERS + " AND partition_no = :partitionNo";
  private static final String COUNTERS_BY_PARTITION =
      """
      SELECT partition_no, pending + running + done + failed + skipped AS total, pending, running,
             done, failed, skipped
        FROM run_partition_counts WHERE run_id = :runId
       ORDER BY partition_no
      """;
  private static final String COUNTERS_OF_PARTITIONS =
      """
      SELECT partition_no, pending + running + done + failed + skipped AS total, pending, running,
             done, failed, skipped
        FROM run_partition_counts WHERE run_id = :runId AND partition_no = ANY(:partitionNos)
      """;
  private static final String COUNTERS_BY_RUN =
      """
      SELECT run_id, sum(pending + running + done + failed + skipped) AS total,
             sum(pending) AS pending, sum(running) AS running, sum(done) AS done,
             sum(failed) AS failed, sum(skipped) AS skipped
        FROM run_partition_counts WHERE run_id = ANY(:runIds)
       GROUP BY run_id
      """;
  // A second's bucket holds the units whose updated_at falls in it, so "since" is exact to the
  // second.
  private static final String FINISHED_SINCE =
      """
      SELECT coalesce(sum(units), 0) FROM run_finished_second
       WHERE run_id = :runId AND second >= date_trunc('second', CAST(:since AS timestamptz))
      """;
  // Exact for whole-second widths and origins (the chart's): a second never straddles two bins.
  private static final String FINISHED_PER_BUCKET =
      """
      SELECT date_bin(make_interval(secs => :seconds), second, :origin) AS bucket,
             sum(units) AS units
        FROM run_finished_second
       WHERE run_id = :runId
       GROUP BY 1 HAVING sum(units) > 0 ORDER BY 1
      """;
  // The recount from the units themselves: what ending a run rests on, and what the counters are
  // tested against.
  private static final String RECOUNT =
      """
      SELECT count(*) AS total,
             count(*) FILTER (WHERE status = 'PENDING') AS pending,
             count(*) FILTER (WHERE status = 'RUNNING') AS running,
             count(*) FILTER (WHERE status = 'DONE') AS done,
             count(*) FILTER (WHERE status = 'FAILED') AS failed,
             count(*) FILTER (WHERE status = 'SKIPPED') AS skipped
        FROM run_unit WHERE run_id = :runId
      """;
  // The location a failed unit was read from: a live one, else the last one known.
  private static final String FAILED_WITH_LOCATION =
      """
      SELECT u.run_id, u.unit_key, u.asset_id, u.error, u.attempts, u.updated_at, loc.root_name,
             loc.rel_path
        FROM run_unit u
        LEFT JOIN LATERAL (
             SELECT r.name AS root_name, l.rel_path
               FROM asset_location l JOIN archive_root r ON r.id = l.root_id
              WHERE l.asset_id = u.asset_id
              ORDER BY (l.gone_at IS NULL) DESC, l.id DESC
              LIMIT 1) loc ON true
       WHERE u.run_id = :runId AND u.status = 'FAILED' AND u.unit_key > :after
       ORDER BY u.unit_key
       LIMIT :limit
      """;
  private static final String FAILED =
      """
      SELECT run_id, unit_key, asset_id, error, attempts, updated_at
        FROM run_unit
       WHERE run_id = :runId AND status = 'FAILED' AND unit_key > :after
       ORDER BY unit_key
       LIMIT :limit
      """;
  private static final String UNFINISHED_KEYS =
      """
      SELECT unit_key FROM run_unit
       WHERE run_id = :runId AND status IN ('PENDING', 'RUNNING')
       ORDER BY unit_key LIMIT :limit
      """;
  private static final String FAILURE_REASONS =
      """
      SELECT error, count(*) AS units FROM run_unit
       WHERE run_id = :runId AND status = 'FAILED'
       GROUP BY error ORDER BY count(*) DESC, error LIMIT :limit
      """;
  private static final String STATUS =
      "SELECT status FROM run_unit WHERE run_id = :runId AND unit_key = :key";

  private static final RowMapper<PendingUnit> PENDING_UNIT =
      (ResultSet rs, int row) ->
          new PendingUnit(
              rs.getLong("run_id"),
              rs.getString("unit_key"),
              rs.getLong("asset_id"),
              rs.getInt("attempts"),
              rs.getString("media_type"),
              rs.getString("root_name"),
              rs.getString("rel_path"));
  private static final RowMapper<UnitCounts> UNIT_COUNTS =
      (ResultSet rs, int row) ->
          new UnitCounts(
              rs.getLong("total"),
              rs.getLong("pending"),
              rs.getLong("running"),
              rs.getLong("done"),
              rs.getLong("failed"),
              rs.getLong("skipped"));
  private static final RowMapper<FailedUnit> FAILED_UNIT = RunUnitRepository::mapFailed;
  private static final RowMapper<LocatedFailedUnit> LOCATED_FAILED_UNIT =
      (ResultSet rs, int row) ->
          new LocatedFailedUnit(
              mapFailed(rs, row), rs.getString("root_name"), rs.getString("rel_path"));
  private static final RowMapper<FinishedBucket> FINISHED_BUCKET =
      (ResultSet rs, int row) ->
          new FinishedBucket(rs.getTimestamp("bucket").toInstant(), rs.getLong("units"));

  private final JdbcClient jdbc;

  public RunUnitRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Up to {@code limit} unfinished units of a partition whose key is greater than {@code afterKey}
   * ({@code ""} for the first page), in key order.
   */
  public List<PendingUnit> pendingAfter(long runId, int partitionNo, String afterKey, int limit) {
    return jdbc.sql(PENDING_AFTER)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .param("after", afterKey)
        .param("limit", limit)
        .query(PENDING_UNIT)
        .list();
  }

  /** As {@link #pendingAfter}, but only keys up to and including {@code upToKey}. */
  public List<PendingUnit> pendingBetween(
      long runId, int partitionNo, String afterKey, String upToKey, int limit) {
    return jdbc.sql(PENDING_BETWEEN)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .param("after", afterKey)
        .param("upTo", upToKey)
        .param("limit", limit)
        .query(PENDING_UNIT)
        .list();
  }

  /**
   * Finishes units (done, failed with a reason, skipped) in one statement, adding their attempts.
   * Units already finished are left as they are.
   *
   * @return how many units changed
   */
  public int finish(long runId, List<UnitUpdate> updates) {
    if (updates.isEmpty()) {
      return 0;
    }
    return jdbc.sql(FINISH)
        .param("runId", runId)
        .param("keys", updates.stream().map(UnitUpdate::unitKey).toArray(String[]::new))
        .param("statuses", updates.stream().map(u -> u.status().name()).toArray(String[]::new))
        .param("errors", updates.stream().map(UnitUpdate::error).toArray(String[]::new))
        .param("attempts", updates.stream().map(UnitUpdate::attempts).toArray(Integer[]::new))
        .update();
  }

  /** Marks units done. */
  public int markDone(long runId, List<String> unitKeys, int attempts) {
    return finish(runId, unitKeys.stream().map(key -> UnitUpdate.done(key, attempts)).toList());
  }

  /** Marks one unit failed with its reason. */
  public int markFailed(long runId, String unitKey, String error, int attempts) {
    return finish(runId, List.of(UnitUpdate.failed(unitKey, error, attempts)));
  }

  /** The run's unit counts, from its partitions' counters. */
  public UnitCounts counts(long runId) {
    return jdbc.sql(COUNTERS).param("runId", runId).query(UNIT_COUNTS).single();
  }

  /** One partition's unit counts, from its counters. */
  public UnitCounts counts(long runId, int partitionNo) {
    return jdbc.sql(PARTITION_COUNTERS)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .query(UNIT_COUNTS)
        .single();
  }

  /**
   * The run's unit counts recounted from {@code run_unit} itself: costs a scan of the run's units,
   * so only for ending a run (once) and for checking the counters.
   */
  public UnitCounts recount(long runId) {
    return jdbc.sql(RECOUNT).param("runId", runId).query(UNIT_COUNTS).single();
  }

  /**
   * Unit counts of each partition of a run, by partition number (partitions without units absent).
   */
  public Map<Integer, UnitCounts> countsByPartition(long runId) {
    Map<Integer, UnitCounts> counts = new TreeMap<>();
    jdbc.sql(COUNTERS_BY_PARTITION)
        .param("runId", runId)
        .query(
            (ResultSet rs) -> {
              counts.put(rs.getInt("partition_no"), UNIT_COUNTS.mapRow(rs, 0));
            });
    return counts;
  }

  /** Unit counts of some of a run's partitions; partitions without counters are absent. */
  public Map<Integer, UnitCounts> countsOfPartitions(long runId, Collection<Integer> partitionNos) {
    Map<Integer, UnitCounts> counts = new HashMap<>();
    if (partitionNos.isEmpty()) {
      return counts;
    }
    jdbc.sql(COUNTERS_OF_PARTITIONS)
        .param("runId", runId)
        .param("partitionNos", partitionNos.toArray(Integer[]::new))
        .query(
            (ResultSet rs) -> {
              counts.put(rs.getInt("partition_no"), UNIT_COUNTS.mapRow(rs, 0));
            });
    return counts;
  }

  /** Unit counts of several runs in one query; runs without units are absent. */
  public Map<Long, UnitCounts> countsByRun(Collection<Long> runIds) {
    Map<Long, UnitCounts> counts = new HashMap<>();
    if (runIds.isEmpty()) {
      return counts;
    }
    jdbc.sql(COUNTERS_BY_RUN)
        .param("runIds", runIds.toArray(Long[]::new))
        .query(
            (ResultSet rs) -> {
              counts.put(rs.getLong("run_id"), UNIT_COUNTS.mapRow(rs, 0));
            });
    return counts;
  }

  /**
   * Units of a run finished (done, failed or skipped) from the second {@code since} falls in
   * onwards.
   */
  public long finishedSince(long runId, Instant since) {
    return jdbc.sql(FINISHED_SINCE)
        .param("runId", runId)
        .param("since", Timestamp.from(since))
        .query(Long.class)
        .single();
  }

  /**
   * Finished units of a run per time bucket of {@code width}, aligned to {@code origin}, oldest
   * first; empty buckets are absent. Exact for whole seconds; finer values are rounded to them.
   */
  public List<FinishedBucket> finishedPerBucket(long runId, Instant origin, Duration width) {
    return jdbc.sql(FINISHED_PER_BUCKET)
        .param("runId", runId)
        .param("seconds", Math.max(1, width.toSeconds()))
        .param("origin", Timestamp.from(origin))
        .query(FINISHED_BUCKET)
        .list();
  }

  /**
   * As {@link #failed}, with the path each failed unit's original was read from (a live location,
   * else its last known one).
   */
  public List<LocatedFailedUnit> failedWithLocation(long runId, String afterKey, int limit) {
    return jdbc.sql(FAILED_WITH_LOCATION)
        .param("runId", runId)
        .param("after", afterKey)
        .param("limit", limit)
        .query(LOCATED_FAILED_UNIT)
        .list();
  }

  /** Failed units with their reasons, in key order after {@code afterKey} (keyset paging). */
  public List<FailedUnit> failed(long runId, String afterKey, int limit) {
    return jdbc.sql(FAILED)
        .param("runId", runId)
        .param("after", afterKey)
        .param("limit", limit)
        .query(FAILED_UNIT)
        .list();
  }

  /**
   * The most frequent errors of the run's failed units, most frequent first, at most {@code limit};
   * an error of null (none recorded) is reported as an empty string.
   */
  public List<FailureReason> failureReasons(long runId, int limit) {
    return jdbc.sql(FAILURE_REASONS)
        .param("runId", runId)
        .param("limit", limit)
        .query(
            (rs, n) -> {
              String error = rs.getString("error");
              return new FailureReason(error == null ? "" : error, rs.getLong("units"));
            })
        .list();
  }

  /** One error text shared by {@code units} failed units. */
  public record FailureReason(String error, long units) {}

  /** The first {@code limit} unfinished unit keys, for reports. */
  public List<String> unfinishedKeys(long runId, int limit) {
    return jdbc.sql(UNFINISHED_KEYS)
        .param("runId", runId)
        .param("limit", limit)
        .query(String.class)
        .list();
  }

  public java.util.Optional<UnitStatus> status(long runId, String unitKey) {
    return jdbc.sql(STATUS)
        .param("runId", runId)
        .param("key", unitKey)
        .query(String.class)
        .optional()
        .map(UnitStatus::valueOf);
  }

  private static FailedUnit mapFailed(ResultSet rs, int row) throws SQLException {
    return new FailedUnit(
        rs.getLong("run_id"),
        rs.getString("unit_key"),
        rs.getLong("asset_id"),
        rs.getString("error"),
        rs.getInt("attempts"),
        rs.getTimestamp("updated_at").toInstant());
  }
}
