package dev.darkroom.web.batchadmin;

import dev.darkroom.batch.pipeline.PipelineJobFactory;
import dev.darkroom.batch.scan.ScanJobFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads Spring Batch's own tables directly, for the admin views: Batch's {@code JobRepository}
 * loads whole object graphs one execution at a time and pages with OFFSET, which is what makes
 * admin lists crawl at 10,000 executions. Every list here is keyset-paged, newest first ({@code id
 * < before}, {@code before = Long.MAX_VALUE} for the first page), and every query is served by the
 * indexes of migration V7 (docs/batch-admin.md shows the plans). Read-only: actions go through
 * Batch's {@code JobOperator}.
 *
 * <p>Batch writes its timestamps as local date-times of the JVM that ran the job; they are read
 * back as instants in this JVM's zone.
 */
@Repository
public class BatchAdminRepository {

  /** Characters of the exit description a list row carries; the detail has all of it. */
  static final int LIST_EXIT_DESCRIPTION = 300;

  /**
   * Per job name: counts and the newest execution, from the counts kept by V98's triggers on
   * Batch's tables (ADR 0031): counting them here cost a pass over the job's executions per view
   * (10,000 for the benchmark's 'pipeline'). {@code %s} is the optional one-job filter below.
   */
  private static final String JOBS_TEMPLATE =
      """
      SELECT c.job_name, c.instances, c.executions, c.last_execution_id AS last_id,
             e.status AS last_status, e.start_time AS last_start, e.end_time AS last_end
        FROM batch_job_count c
        LEFT JOIN batch_job_execution e ON e.job_execution_id = c.last_execution_id
       WHERE c.instances > 0%s
       ORDER BY c.job_name
      """;

  static final String JOBS = JOBS_TEMPLATE.formatted("");

  /** One job's summary: one row of the kept counts. */
  static final String JOB = JOBS_TEMPLATE.formatted(" AND c.job_name = :job");

  static final String JOB_EXISTS =
      "SELECT EXISTS (SELECT 1 FROM batch_job_instance WHERE job_name = :job)";

  /**
   * Each instance's execution count and newest execution come from the (job_instance_id,
   * job_execution_id) index; the owner from that execution's parameters.
   */
  private static final String INSTANCE_SELECT =
      """
      SELECT i.job_instance_id, i.job_name, x.executions, e.job_execution_id AS last_id,
             e.status AS last_status, e.start_time AS last_start, e.end_time AS last_end,
             o.run_id, o.partition_no, o.scan_id
        FROM batch_job_instance i
       CROSS JOIN LATERAL (SELECT count(*) AS executions, max(xe.job_execution_id) AS last_id
                             FROM batch_job_execution xe
                            WHERE xe.job_instance_id = i.job_instance_id) x
        LEFT JOIN batch_job_execution e ON e.job_execution_id = x.last_id
        LEFT JOIN LATERAL (%s) o ON true
      """;

  /** The parameters that tie an execution to a run partition or a scan, as one row. */
  private static final String OWNER_PARAMETERS =
      """
      SELECT max(p.parameter_value) FILTER (WHERE p.parameter_name = :runIdName)       AS run_id,
             max(p.parameter_value) FILTER (WHERE p.parameter_name = :partitionNoName) AS partition_no,
             max(p.parameter_value) FILTER (WHERE p.parameter_name = :scanIdName)      AS scan_id
        FROM batch_job_execution_params p
       WHERE p.job_execution_id = %s
      """;

  static final String INSTANCES =
      INSTANCE_SELECT.formatted(OWNER_PARAMETERS.formatted("x.last_id"))
          + """
           WHERE i.job_name = :job AND i.job_instance_id < :before
           ORDER BY i.job_instance_id DESC
           LIMIT :limit
          """;

  static final String INSTANCE =
      INSTANCE_SELECT.formatted(OWNER_PARAMETERS.formatted("x.last_id"))
          + " WHERE i.job_instance_id = :id";

  /**
   * A page of executions: the inner query picks the page's ids through an index (the primary key
   * backwards, or (status, id), or a job's instances), the outer one adds the owner's parameters
   * for those rows only. Filters are appended from the constants below, never from input.
   */
  private static final String EXECUTION_PAGE_START =
      """
      SELECT e.job_execution_id, e.job_instance_id, e.job_name, e.status, e.create_time,
             e.start_time, e.end_time, e.exit_code, left(e.exit_message, %d) AS exit_message,
             o.run_id, o.partition_no, o.scan_id
        FROM (SELECT e.*, i.job_name
                FROM batch_job_execution e
                JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
               WHERE e.job_execution_id < :before
      """
          .formatted(LIST_EXIT_DESCRIPTION);

  static final String AND_JOB = "           AND i.job_name = :job\n";
  static final String AND_STATUS = "           AND e.status = :status\n";
  static final String AND_INSTANCE = "           AND e.job_instance_id = :instance\n";

  private static final String EXECUTION_PAGE_END =
      """
               ORDER BY e.job_execution_id DESC
               LIMIT :limit) e
        LEFT JOIN LATERAL (%s) o ON true
       ORDER BY e.job_execution_id DESC
      """
          .formatted(OWNER_PARAMETERS.formatted("e.job_execution_id"));

  static final String EXECUTION =
      """
      SELECT e.job_execution_id, e.job_instance_id, i.job_name, e.status, e.create_time,
             e.start_time, e.end_time, e.exit_code, e.exit_message,
             o.run_id, o.partition_no, o.scan_id
        FROM batch_job_execution e
        JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
        LEFT JOIN LATERAL (%s) o ON true
       WHERE e.job_execution_id = :id
      """
          .formatted(OWNER_PARAMETERS.formatted("e.job_execution_id"));

  static final String LAST_EXECUTION_OF_INSTANCE =
      "SELECT max(job_execution_id) FROM batch_job_execution WHERE job_instance_id = :instance";

  static final String PARAMETERS =
      """
      SELECT parameter_name, parameter_type, parameter_value, identifying
        FROM batch_job_execution_params
       WHERE job_execution_id = :id
       ORDER BY parameter_name
      """;

  static final String STEPS =
      """
      SELECT step_execution_id, step_name, status, start_time, end_time,
             read_count, write_count, filter_count, read_skip_count, process_skip_count,
             write_skip_count, commit_count, rollback_count, exit_code, exit_message
        FROM batch_step_execution
       WHERE job_execution_id = :id
       ORDER BY step_execution_id
      """;

  static final String RUNNING_STEP =
      """
      SELECT step_name
        FROM batch_step_execution
       WHERE job_execution_id = :id AND status IN ('STARTING', 'STARTED', 'STOPPING')
       ORDER BY step_execution_id DESC
       LIMIT 1
      """;

  static final String VERSION =
      "SELECT version FROM batch_job_execution WHERE job_execution_id = :id";

  private static final RowMapper<JobSummary> JOB_ROW =
      (rs, n) ->
          new JobSummary(
              rs.getString("job_name"),
              rs.getLong("instances"),
              rs.getLong("executions"),
              nullableLong(rs, "last_id"),
              status(rs.getString("last_status")),
              instant(rs.getTimestamp("last_start")),
              instant(rs.getTimestamp("last_end")));

  private static final RowMapper<JobInstanceSummary> INSTANCE_ROW =
      (rs, n) ->
          new JobInstanceSummary(
              rs.getLong("job_instance_id"),
              rs.getString("job_name"),
              rs.getLong("executions"),
              nullableLong(rs, "last_id"),
              status(rs.getString("last_status")),
              instant(rs.getTimestamp("last_start")),
              instant(rs.getTimestamp("last_end")),
              owner(rs, rs.getString("job_name")));

  private static final RowMapper<JobExecutionSummary> EXECUTION_ROW =
      (rs, n) -> {
        Instant start = instant(rs.getTimestamp("start_time"));
        Instant end = instant(rs.getTimestamp("end_time"));
        String jobName = rs.getString("job_name");
        BatchStatus status = status(rs.getString("status"));
        return new JobExecutionSummary(
            rs.getLong("job_execution_id"),
            rs.getLong("job_instance_id"),
            jobName,
            status == null ? BatchStatus.UNKNOWN : status,
            requireInstant(rs.getTimestamp("create_time")),
            start,
            end,
            durationMillis(start, end),
            text(rs.getString("exit_code")),
            text(rs.getString("exit_message")),
            owner(rs, jobName));
      };

  private static final RowMapper<ExecutionParameter> PARAMETER =
      (rs, n) ->
          new ExecutionParameter(
              rs.getString("parameter_name"),
              rs.getString("parameter_type"),
              rs.getString("parameter_value"),
              "Y".equals(rs.getString("identifying")));

  private static final RowMapper<StepExecutionSummary> STEP =
      (rs, n) -> {
        Instant start = instant(rs.getTimestamp("start_time"));
        Instant end = instant(rs.getTimestamp("end_time"));
        BatchStatus status = status(rs.getString("status"));
        return new StepExecutionSummary(
            rs.getLong("step_execution_id"),
            rs.getString("step_name"),
            status == null ? BatchStatus.UNKNOWN : status,
            start,
            end,
            durationMillis(start, end),
            rs.getLong("read_count"),
            rs.getLong("write_count"),
            rs.getLong("filter_count"),
            rs.getLong("read_skip_count"),
            rs.getLong("process_skip_count"),
            rs.getLong("write_skip_count"),
            rs.getLong("commit_count"),
            rs.getLong("rollback_count"),
            text(rs.getString("exit_code")),
            text(rs.getString("exit_message")));
      };

  private final JdbcClient jdbc;

  public BatchAdminRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Every job name that has an instance, by name. */
  public List<JobSummary> jobs() {
    return jdbc.sql(JOBS).query(JOB_ROW).list();
  }

  /** The job's summary, or empty when it has no instance. */
  public Optional<JobSummary> job(String jobName) {
    return jdbc.sql(JOB).param("job", jobName).query(JOB_ROW).optional();
  }

  public boolean jobExists(String jobName) {
    return jdbc.sql(JOB_EXISTS).param("job", jobName).query(Boolean.class).single();
  }

  /**
   * Up to {@code limit} instances of the job with an id below {@code before}, newest first.
   *
   * @param before {@code Long.MAX_VALUE} for the first page, else the last id of the previous page
   */
  public List<JobInstanceSummary> instances(String jobName, long before, int limit) {
    return withOwnerNames(jdbc.sql(INSTANCES))
        .param("job", jobName)
        .param("before", before)
        .param("limit", limit)
        .query(INSTANCE_ROW)
        .list();
  }

  public Optional<JobInstanceSummary> instance(long instanceId) {
    return withOwnerNames(jdbc.sql(INSTANCE))
        .param("id", instanceId)
        .query(INSTANCE_ROW)
        .optional();
  }

  /**
   * Up to {@code limit} executions matching the filter with an id below {@code before}, newest
   * first.
   *
   * @param before {@code Long.MAX_VALUE} for the first page, else the last id of the previous page
   */
  public List<JobExecutionSummary> executions(ExecutionFilter filter, long before, int limit) {
    JdbcClient.StatementSpec statement =
        withOwnerNames(jdbc.sql(executionsSql(filter)))
            .param("before", before)
            .param("limit", limit);
    if (filter.jobName() != null) {
      statement = statement.param("job", filter.jobName());
    }
    if (filter.status() != null) {
      statement = statement.param("status", filter.status().name());
    }
    if (filter.instanceId() != null) {
      statement = statement.param("instance", filter.instanceId());
    }
    return statement.query(EXECUTION_ROW).list();
  }

  /** The statement {@link #executions} runs for this filter (tests EXPLAIN it). */
  static String executionsSql(ExecutionFilter filter) {
    StringBuilder sql = new StringBuilder(EXECUTION_PAGE_START);
    if (filter.jobName() != null) {
      sql.append(AND_JOB);
    }
    if (filter.status() != null) {
      sql.append(AND_STATUS);
    }
    if (filter.instanceId() != null) {
      sql.append(AND_INSTANCE);
    }
    return sql.append(EXECUTION_PAGE_END).toString();
  }

  /** One execution with its whole exit description. */
  public Optional<JobExecutionSummary> execution(long executionId) {
    return withOwnerNames(jdbc.sql(EXECUTION))
        .param("id", executionId)
        .query(EXECUTION_ROW)
        .optional();
  }

  /** The newest execution of the instance, or empty when it has none. */
  public Optional<Long> lastExecutionId(long instanceId) {
    return Optional.ofNullable(
        jdbc.sql(LAST_EXECUTION_OF_INSTANCE)
            .param("instance", instanceId)
            .query(Long.class)
            .single());
  }

  /** Batch's optimistic-locking version of the execution: every write of the row raises it. */
  public Optional<Long> version(long executionId) {
    return jdbc.sql(VERSION).param("id", executionId).query(Long.class).optional();
  }

  /** The newest step of the execution that is still running, if any. */
  public Optional<String> runningStep(long executionId) {
    return jdbc.sql(RUNNING_STEP).param("id", executionId).query(String.class).optional();
  }

  public List<ExecutionParameter> parameters(long executionId) {
    return jdbc.sql(PARAMETERS).param("id", executionId).query(PARAMETER).list();
  }

  public List<StepExecutionSummary> steps(long executionId) {
    return jdbc.sql(STEPS).param("id", executionId).query(STEP).list();
  }

  private static JdbcClient.StatementSpec withOwnerNames(JdbcClient.StatementSpec statement) {
    return statement
        .param("runIdName", PipelineJobFactory.RUN_ID)
        .param("partitionNoName", PipelineJobFactory.PARTITION_NO)
        .param("scanIdName", ScanJobFactory.SCAN_ID);
  }

  /**
   * The run partition or scan an execution belongs to: only Darkroom's own jobs, {@code pipeline}
   * and {@code scan}, are read this way; another job with a parameter of the same name has none.
   */
  private static @Nullable ExecutionOwner owner(ResultSet rs, String jobName) throws SQLException {
    if (PipelineJobFactory.JOB_NAME.equals(jobName)) {
      Long runId = parseLong(rs.getString("run_id"));
      Long partitionNo = parseLong(rs.getString("partition_no"));
      if (runId != null && partitionNo != null) {
        return ExecutionOwner.run(runId, Math.toIntExact(partitionNo));
      }
    } else if (ScanJobFactory.JOB_NAME.equals(jobName)) {
      Long scanId = parseLong(rs.getString("scan_id"));
      if (scanId != null) {
        return ExecutionOwner.scan(scanId);
      }
    }
    return null;
  }

  private static @Nullable Long parseLong(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /** Batch's status text; an unknown word (a newer Batch, a hand edit) reads as UNKNOWN. */
  private static @Nullable BatchStatus status(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return BatchStatus.valueOf(value);
    } catch (IllegalArgumentException e) {
      return BatchStatus.UNKNOWN;
    }
  }

  private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static Instant requireInstant(@Nullable Timestamp timestamp) {
    return timestamp == null ? Instant.EPOCH : timestamp.toInstant();
  }

  private static @Nullable Long durationMillis(@Nullable Instant start, @Nullable Instant end) {
    if (start == null) {
      return null;
    }
    return Math.max(0, Duration.between(start, end == null ? Instant.now() : end).toMillis());
  }

  private static String text(@Nullable String value) {
    return value == null ? "" : value;
  }
}
