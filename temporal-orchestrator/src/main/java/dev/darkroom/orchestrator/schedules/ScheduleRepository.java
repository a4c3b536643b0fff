package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.tool.ToolParameters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code schedule} table, and the schedule tag of {@code run} ({@code schedule_id}, {@code
 * schedule_firing}). Joins the caller's transaction when there is one.
 */
public class ScheduleRepository {

  private static final String INSERT =
      """
      INSERT INTO schedule (name, pipeline_id, collection_id, collection_query, thumbnail_size,
                            parameters, force, cron, interval_secs, time_zone, overlap,
                            catchup_window_secs, paused, note, created_by)
      VALUES (:name, :pipelineId, :collectionId, :collectionQuery, :thumbnailSize,
              :parameters::jsonb, :force, :cron, :intervalSecs, :timeZone, :overlap,
              :catchupSecs, :paused, :note, :createdBy)
      RETURNING id
      """;
  private static final String UPDATE =
      """
      UPDATE schedule
         SET name = :name, pipeline_id = :pipelineId, collection_id = :collectionId,
             collection_query = :collectionQuery, thumbnail_size = :thumbnailSize,
             parameters = :parameters::jsonb, force = :force, cron = :cron,
             interval_secs = :intervalSecs, time_zone = :timeZone, overlap = :overlap,
             catchup_window_secs = :catchupSecs, paused = :paused, note = :note,
             updated_at = now()
       WHERE id = :id
      """;
  private static final String SET_PAUSED =
      "UPDATE schedule SET paused = :paused, updated_at = now() WHERE id = :id";
  private static final String DELETE = "DELETE FROM schedule WHERE id = :id";
  private static final String UNTAG_RUNS =
      "UPDATE run SET schedule_id = NULL WHERE schedule_id = :scheduleId";
  private static final String FIND = "SELECT * FROM schedule WHERE id = :id";
  private static final String FIND_FOR_UPDATE = "SELECT * FROM schedule WHERE id = :id FOR UPDATE";
  private static final String LIST = "SELECT * FROM schedule ORDER BY name";
  private static final String TAG_RUN =
      "UPDATE run SET schedule_id = :scheduleId, schedule_firing = :firing WHERE id = :runId";
  private static final String RUN_OF_FIRING = "SELECT id FROM run WHERE schedule_firing = :firing";
  private static final String RUNS =
      """
      SELECT id, status, created_at, finished_at, units_total, units_done, units_failed, error
        FROM run
       WHERE schedule_id = :scheduleId
       ORDER BY id DESC
       LIMIT :limit
      """;
  private static final String RUN_STATUS = "SELECT status FROM run WHERE id = :id";

  private static final RowMapper<ScheduleDefinition> DEFINITION = ScheduleRepository::definition;
  private static final RowMapper<ScheduledRun> RUN =
      (rs, n) ->
          new ScheduledRun(
              rs.getLong("id"),
              RunStatus.valueOf(rs.getString("status")),
              rs.getTimestamp("created_at").toInstant(),
              instant(rs.getTimestamp("finished_at")),
              rs.getLong("units_total"),
              rs.getLong("units_done"),
              rs.getLong("units_failed"),
              rs.getString("error"));

  private final JdbcClient jdbc;

  public ScheduleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @return the new schedule's id
   * @throws InvalidScheduleException when the name is taken or the collection does not exist
   */
  public long create(ScheduleDraft draft, String createdBy) {
    try {
      return bind(jdbc.sql(INSERT), draft).param("createdBy", createdBy).query(Long.class).single();
    } catch (DataIntegrityViolationException e) {
      throw conflict(draft, e);
    }
  }

  /**
   * @throws UnknownScheduleException if no schedule has this id
   * @throws InvalidScheduleException when the new name is taken or the collection does not exist
   */
  public void update(long id, ScheduleDraft draft) {
    int rows;
    try {
      rows = bind(jdbc.sql(UPDATE), draft).param("id", id).update();
    } catch (DataIntegrityViolationException e) {
      throw conflict(draft, e);
    }
    if (rows == 0) {
      throw new UnknownScheduleException(id);
    }
  }

  public void setPaused(long id, boolean paused) {
    if (jdbc.sql(SET_PAUSED).param("id", id).param("paused", paused).update() == 0) {
      throw new UnknownScheduleException(id);
    }
  }

  /**
   * Untags the schedule's runs ({@code ON DELETE SET NULL} would do it too, but later, while the
   * schedule row is locked: see {@link ScheduleService#delete}).
   *
   * @return how many runs were untagged
   */
  public int untagRuns(long scheduleId) {
    return jdbc.sql(UNTAG_RUNS).param("scheduleId", scheduleId).update();
  }

  /** Deletes the definition; its runs stay, untagged ({@code ON DELETE SET NULL}). */
  public void delete(long id) {
    if (jdbc.sql(DELETE).param("id", id).update() == 0) {
      throw new UnknownScheduleException(id);
    }
  }

  public Optional<ScheduleDefinition> find(long id) {
    return jdbc.sql(FIND).param("id", id).query(DEFINITION).optional();
  }

  /**
   * The definition, its row locked until the transaction ends: edits of one schedule are applied to
   * PostgreSQL and Temporal one at a time.
   */
  public ScheduleDefinition lock(long id) {
    return jdbc.sql(FIND_FOR_UPDATE)
        .param("id", id)
        .query(DEFINITION)
        .optional()
        .orElseThrow(() -> new UnknownScheduleException(id));
  }

  public ScheduleDefinition get(long id) {
    return find(id).orElseThrow(() -> new UnknownScheduleException(id));
  }

  /** Every schedule, by name. */
  public List<ScheduleDefinition> list() {
    return jdbc.sql(LIST).query(DEFINITION).list();
  }

  /** Tags a run with the schedule and the firing (the scheduled workflow's id) that started it. */
  public void tagRun(long runId, long scheduleId, String firing) {
    jdbc.sql(TAG_RUN)
        .param("runId", runId)
        .param("scheduleId", scheduleId)
        .param("firing", firing)
        .update();
  }

  /** The run a firing already created, if it did (a retried firing finds it here). */
  public Optional<Long> runOfFiring(String firing) {
    return jdbc.sql(RUN_OF_FIRING).param("firing", firing).query(Long.class).optional();
  }

  /** The schedule's runs, newest first. */
  public List<ScheduledRun> runs(long scheduleId, int limit) {
    return jdbc.sql(RUNS).param("scheduleId", scheduleId).param("limit", limit).query(RUN).list();
  }

  /** A run's status; empty when the run is gone. */
  public Optional<RunStatus> runStatus(long runId) {
    return jdbc.sql(RUN_STATUS)
        .param("id", runId)
        .query(String.class)
        .optional()
        .map(RunStatus::valueOf);
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, ScheduleDraft d) {
    ScheduleTiming timing = d.timing();
    return sql.param("name", d.name())
        .param("pipelineId", d.pipelineId())
        .param("collectionId", d.collectionId(), java.sql.Types.BIGINT)
        .param("collectionQuery", d.collectionQuery(), java.sql.Types.VARCHAR)
        .param("thumbnailSize", d.thumbnailSize(), java.sql.Types.INTEGER)
        .param("parameters", d.parameters().canonicalJson())
        .param("force", d.force())
        .param("cron", timing.cron(), java.sql.Types.VARCHAR)
        .param(
            "intervalSecs",
            timing.interval() == null ? null : timing.interval().toSeconds(),
            java.sql.Types.BIGINT)
        .param("timeZone", timing.timeZone())
        .param("overlap", d.overlap().name())
        .param("catchupSecs", d.catchupWindow().toSeconds())
        .param("paused", d.paused())
        .param("note", d.note(), java.sql.Types.VARCHAR);
  }

  private static InvalidScheduleException conflict(
      ScheduleDraft draft, DataIntegrityViolationException e) {
    if (e instanceof DuplicateKeyException) {
      return new InvalidScheduleException(
          "a schedule named \"" + draft.name() + "\" exists already; choose another name", e);
    }
    if (draft.collectionId() != null) {
      return new InvalidScheduleException(
          "no collection has id " + draft.collectionId() + " (see GET /api/collections)", e);
    }
    return new InvalidScheduleException("the schedule was refused by the database", e);
  }

  private static ScheduleDefinition definition(ResultSet rs, int n) throws SQLException {
    long interval = rs.getLong("interval_secs");
    Duration every = rs.wasNull() ? null : Duration.ofSeconds(interval);
    Integer thumbnail = rs.getObject("thumbnail_size", Integer.class);
    Long collection = rs.getObject("collection_id", Long.class);
    ScheduleDraft draft =
        new ScheduleDraft(
            rs.getString("name"),
            rs.getString("pipeline_id"),
            collection,
            rs.getString("collection_query"),
            thumbnail,
            ToolParameters.fromJson(rs.getString("parameters")),
            rs.getBoolean("force"),
            new ScheduleTiming(rs.getString("cron"), every, rs.getString("time_zone")),
            ScheduleOverlap.valueOf(rs.getString("overlap")),
            Duration.ofSeconds(rs.getLong("catchup_window_secs")),
            rs.getBoolean("paused"),
            rs.getString("note"));
    return new ScheduleDefinition(
        rs.getLong("id"),
        draft,
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static @Nullable Instant instant(@Nullable Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
