package dev.darkroom.core.run;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code run_partition} table: which launcher runs a partition, its Batch job executions, the
 * worker, its status and last error. Each write is one statement, committed on its own unless the
 * caller has a transaction.
 */
public class PartitionRepository {

  private static final String CREATE_FROM_UNITS =
      """
      INSERT INTO run_partition (run_id, partition_no, units_total)
      SELECT run_id, partition_no, count(*)
        FROM run_unit WHERE run_id = :runId
       GROUP BY run_id, partition_no
      ON CONFLICT (run_id, partition_no) DO NOTHING
      """;
  private static final String FIND =
      "SELECT * FROM run_partition WHERE run_id = :runId AND partition_no = :partitionNo";
  private static final String LIST =
      "SELECT * FROM run_partition WHERE run_id = :runId ORDER BY partition_no";
  private static final String COUNT = "SELECT count(*) FROM run_partition WHERE run_id = :runId";
  // The partitions a person watching a run wants to see first: the ones working now, then the ones
  // that failed. Bounded, so a run of 500 partitions never lists 500 rows on every refresh.
  private static final String NOTABLE =
      """
      SELECT * FROM run_partition
       WHERE run_id = :runId AND status IN ('RUNNING', 'STOPPING', 'FAILED')
       ORDER BY CASE status WHEN 'FAILED' THEN 1 ELSE 0 END, partition_no
       LIMIT :limit
      """;
  private static final String PAGE =
      """
      SELECT * FROM run_partition
       WHERE run_id = :runId AND partition_no > :after AND status = ANY(:statuses)
       ORDER BY partition_no
       LIMIT :limit
      """;
  // One row per status from the counters kept beside run_unit: O(partitions), never a scan of
  // units. A partition without a counter row yet (planned, nothing counted) has all its units
  // pending.
  private static final String BY_STATUS =
      """
      SELECT p.status, count(*) AS partitions,
             sum(coalesce(c.pending + c.running + c.done + c.failed + c.skipped, p.units_total))
               AS total,
             sum(coalesce(c.pending, p.units_total)) AS pending,
             sum(coalesce(c.running, 0)) AS running, sum(coalesce(c.done, 0)) AS done,
             sum(coalesce(c.failed, 0)) AS failed, sum(coalesce(c.skipped, 0)) AS skipped
        FROM run_partition p
        LEFT JOIN run_partition_counts c
          ON c.run_id = p.run_id AND c.partition_no = p.partition_no
       WHERE p.run_id = :runId
       GROUP BY p.status
      """;
  private static final String LAUNCHED =
      """
      UPDATE run_partition
         SET status = 'RUNNING', launcher = :launcher, last_error = NULL, finished_at = NULL,
             started_at = coalesce(started_at, now()), updated_at = now()
       WHERE run_id = :runId AND partition_no = :partitionNo
      """;
  private static final String STARTED =
      """
      UPDATE run_partition
         SET status = CASE WHEN status = 'STOPPING' THEN 'STOPPING' ELSE 'RUNNING' END,
             job_instance_id = :instanceId, worker = :worker,
             job_execution_ids = CASE WHEN :executionId = ANY(job_execution_ids)
                                      THEN job_execution_ids
                                      ELSE array_append(job_execution_ids, :executionId) END,
             started_at = coalesce(started_at, now()), updated_at = now()
       WHERE run_id = :runId AND partition_no = :partitionNo
      """;
  private static final String STOPPING =
      """
      UPDATE run_partition SET status = 'STOPPING', updated_at = now()
       WHERE run_id = :runId AND partition_no = :partitionNo
         AND status IN ('PENDING', 'RUNNING')
      """;
  // Any end but running out of memory breaks a run of out-of-memory attempts.
  private static final String FINISHED =
      """
      UPDATE run_partition
         SET status = :status, last_error = :error, finished_at = now(), updated_at = now(),
             out_of_memory_attempts = 0
       WHERE run_id = :runId AND partition_no = :partitionNo
      """;

  private static final String NEXT_LAUNCH_ATTEMPT =
      """
      UPDATE run_partition SET launch_attempts = launch_attempts + 1, updated_at = now()
       WHERE run_id = :runId AND partition_no = :partitionNo
      RETURNING launch_attempts
      """;
  private static final String FINISHED_IF_RUNNING =
      """
      UPDATE run_partition
         SET status = :status, last_error = :error, finished_at = now(), updated_at = now(),
             out_of_memory_attempts = 0
       WHERE run_id = :runId AND partition_no = :partitionNo
         AND status IN ('PENDING', 'RUNNING', 'STOPPING')
      """;

  // One statement: the count and the error that names it change together, once per attempt.
  // The error is format()ted by PostgreSQL with the new count as %1$s.
  private static final String OUT_OF_MEMORY_IF_RUNNING =
      """
      UPDATE run_partition
         SET status = 'FAILED', finished_at = now(), updated_at = now(),
             out_of_memory_attempts = out_of_memory_attempts + 1,
             last_error = format(CASE WHEN out_of_memory_attempts + 1 >= :limit
                                      THEN :givenUp ELSE :again END,
                                 out_of_memory_attempts + 1)
       WHERE run_id = :runId AND partition_no = :partitionNo
         AND status IN ('PENDING', 'RUNNING', 'STOPPING')
      RETURNING out_of_memory_attempts
      """;

  private static final RowMapper<RunPartition> PARTITION = PartitionRepository::map;

  private final JdbcClient jdbc;

  public PartitionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One PENDING partition per {@code partition_no} found in the run's units; idempotent. */
  int createFromUnits(long runId) {
    return jdbc.sql(CREATE_FROM_UNITS).param("runId", runId).update();
  }

  public Optional<RunPartition> find(long runId, int partitionNo) {
    return jdbc.sql(FIND)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .query(PARTITION)
        .optional();
  }

  public List<RunPartition> list(long runId) {
    return jdbc.sql(LIST).param("runId", runId).query(PARTITION).list();
  }

  /**
   * The run's running and stopping partitions, then its failed ones, each in partition order, at
   * most {@code limit}.
   */
  public List<RunPartition> notable(long runId, int limit) {
    return jdbc.sql(NOTABLE).param("runId", runId).param("limit", limit).query(PARTITION).list();
  }

  /**
   * A page of the run's partitions in partition order.
   *
   * @param statuses only partitions in one of these; empty means every status
   * @param after the last partition number of the previous page; -1 for the first page
   */
  public List<RunPartition> page(
      long runId, Collection<PartitionStatus> statuses, int after, int limit) {
    Collection<PartitionStatus> wanted =
        statuses.isEmpty() ? List.of(PartitionStatus.values()) : statuses;
    return jdbc.sql(PAGE)
        .param("runId", runId)
        .param("after", after)
        .param("statuses", wanted.stream().map(PartitionStatus::name).toArray(String[]::new))
        .param("limit", limit)
        .query(PARTITION)
        .list();
  }

  /** The run's partitions counted by status, with their units; statuses without one are absent. */
  public Map<PartitionStatus, PartitionStateCount> countByStatus(long runId) {
    Map<PartitionStatus, PartitionStateCount> counts = new EnumMap<>(PartitionStatus.class);
    jdbc.sql(BY_STATUS)
        .param("runId", runId)
        .query(
            (ResultSet rs) -> {
              PartitionStatus status = PartitionStatus.valueOf(rs.getString("status"));
              counts.put(
                  status,
                  new PartitionStateCount(
                      status,
                      rs.getLong("partitions"),
                      new UnitCounts(
                          rs.getLong("total"),
                          rs.getLong("pending"),
                          rs.getLong("running"),
                          rs.getLong("done"),
                          rs.getLong("failed"),
                          rs.getLong("skipped"))));
            });
    return counts;
  }

  public int count(long runId) {
    return jdbc.sql(COUNT).param("runId", runId).query(Integer.class).single();
  }

  /** A launcher took the partition: RUNNING from now on, the previous error cleared. */
  public void markLaunched(long runId, int partitionNo, String launcher) {
    update(LAUNCHED, runId, partitionNo, "launcher", launcher);
  }

  /** Its Batch job execution started (a restart appends a new execution id). */
  public void markStarted(
      long runId, int partitionNo, long jobInstanceId, long jobExecutionId, String worker) {
    jdbc.sql(STARTED)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .param("instanceId", jobInstanceId)
        .param("executionId", jobExecutionId)
        .param("worker", worker)
        .update();
  }

  /** Someone asked the job to stop at its next chunk boundary. */
  public void markStopping(long runId, int partitionNo) {
    jdbc.sql(STOPPING).param("runId", runId).param("partitionNo", partitionNo).update();
  }

  /**
   * The job ended.
   *
   * @param error why it failed or stopped; null on success
   */
  public void markFinished(
      long runId, int partitionNo, PartitionStatus status, @Nullable String error) {
    jdbc.sql(FINISHED)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .param("status", status.name())
        .param("error", error, Types.VARCHAR)
        .update();
  }

  /**
   * Counts one more launch of the partition and returns its number: 1 for the first, then 2, 3, ...
   * One statement, so two launchers never get the same number.
   *
   * @return empty if the run has no such partition
   */
  public Optional<Integer> nextLaunchAttempt(long runId, int partitionNo) {
    return jdbc.sql(NEXT_LAUNCH_ATTEMPT)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .query(Integer.class)
        .optional();
  }

  /**
   * Records the job's end as seen from outside (its pod was killed, its Job failed) unless the job
   * recorded its own end first, which knows more.
   *
   * @return whether this call recorded the end
   */
  public boolean markFinishedIfRunning(
      long runId, int partitionNo, PartitionStatus status, @Nullable String error) {
    return jdbc.sql(FINISHED_IF_RUNNING)
            .param("runId", runId)
            .param("partitionNo", partitionNo)
            .param("status", status.name())
            .param("error", error, Types.VARCHAR)
            .update()
        == 1;
  }

  /**
   * Records that the partition's current attempt ended because its worker ran out of memory, unless
   * the worker recorded its own end: FAILED, with an error that begins with {@link
   * WorkerLauncher#OUT_OF_MEMORY} (launched again) until this is the {@code limit}-th such attempt
   * in a row, then with {@link WorkerLauncher#OUT_OF_MEMORY_GIVEN_UP} and {@code remedy} (not
   * launched again). Any other end of an attempt starts the count afresh.
   *
   * @param what how it ran out, e.g. {@code OOMKilled with memory limit 512Mi}
   * @param remedy what a person should change, e.g. which memory setting to raise
   * @return the attempts in a row that ran out of memory, empty if the worker had recorded its end
   */
  public OptionalInt markOutOfMemory(
      long runId, int partitionNo, int limit, String what, String remedy) {
    String safeWhat = what.replace("%", "%%");
    String again =
        WorkerLauncher.OUT_OF_MEMORY
            + " ("
            + safeWhat
            + "), %1$s of "
            + limit
            + " times in a row allowed (darkroom.runs.out-of-memory-attempts); launching it again"
            + " from its unfinished units";
    String givenUp =
        WorkerLauncher.OUT_OF_MEMORY_GIVEN_UP
            + " %1$s times in a row ("
            + safeWhat
            + "); "
            + remedy.replace("%", "%%");
    return jdbc.sql(OUT_OF_MEMORY_IF_RUNNING)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .param("limit", limit)
        .param("again", again)
        .param("givenUp", givenUp)
        .query(Integer.class)
        .optional()
        .map(OptionalInt::of)
        .orElse(OptionalInt.empty());
  }

  private void update(String sql, long runId, int partitionNo, String name, String value) {
    jdbc.sql(sql)
        .param("runId", runId)
        .param("partitionNo", partitionNo)
        .param(name, value)
        .update();
  }

  private static RunPartition map(ResultSet rs, int row) throws SQLException {
    Array executions = rs.getArray("job_execution_ids");
    Long[] ids = executions == null ? new Long[0] : (Long[]) executions.getArray();
    return new RunPartition(
        rs.getLong("run_id"),
        rs.getInt("partition_no"),
        rs.getString("launcher"),
        PartitionStatus.valueOf(rs.getString("status")),
        rs.getLong("units_total"),
        rs.getObject("job_instance_id", Long.class),
        Arrays.asList(ids),
        rs.getString("worker"),
        rs.getString("last_error"),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("finished_at")));
  }

  private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
