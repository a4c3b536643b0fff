package dev.darkroom.core.run;

import dev.darkroom.core.events.AfterCommit;
import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.events.RunStateChanged;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.core.tool.ToolParameters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code run} table: creation, look-ups and status transitions that refuse moves the lifecycle
 * does not allow. Joins the caller's transaction when there is one. Every status change (creation
 * included) is published as a {@link RunStateChanged} once it has committed.
 */
public class RunRepository {

  private static final String CREATE =
      """
      INSERT INTO run (pipeline_id, pipeline_version, collection_id, collection_query, rerun_of,
                       policy, parameters, tool_versions, requested_by, sample_count,
                       sample_fraction, sample_seed, thumbnail_size, artifact_ttl_secs)
      VALUES (:pipelineId, :pipelineVersion, :collectionId, :collectionQuery, :rerunOf,
              :policy, :parameters::jsonb, :toolVersions::jsonb, :requestedBy, :sampleCount,
              :sampleFraction, :seed, :thumbnailSize, :ttl)
      RETURNING id
      """;
  private static final String COLLECTION_EXISTS = "SELECT id FROM collection WHERE id = :id";
  private static final String FIND = "SELECT * FROM run WHERE id = :id";
  private static final String LIST = "SELECT * FROM run ORDER BY created_at DESC, id DESC LIMIT :n";
  // Newest first by id (ids grow with creation), so the keyset is the id alone.
  private static final String PAGE =
      """
      SELECT * FROM run
       WHERE (CAST(:status AS text) IS NULL OR status = :status)
         AND (CAST(:pipeline AS text) IS NULL OR pipeline_id = :pipeline)
         AND id < :before
       ORDER BY id DESC
       LIMIT :limit
      """;
  private static final String LIST_BY_STATUS =
      "SELECT * FROM run WHERE status = :status ORDER BY created_at DESC, id DESC LIMIT :n";
  // The locked row's status before the update is the event's "from" (PostgreSQL before 18 has no
  // RETURNING OLD): the CTE locks the row and sees its latest committed version.
  private static final String TRANSITION =
      """
      WITH prev AS (SELECT id, status FROM run WHERE id = :id FOR UPDATE)
      UPDATE run r
         SET status      = :to,
             started_at  = CASE WHEN :to = 'RUNNING' THEN coalesce(r.started_at, now())
                                ELSE r.started_at END,
             finished_at = CASE WHEN :terminal THEN now() ELSE NULL END,
             error       = CASE WHEN :terminal THEN coalesce(:error, r.error) ELSE r.error END
        FROM prev
       WHERE r.id = prev.id AND prev.status = ANY(:from::text[])
      RETURNING prev.status
      """;
  private static final String FINISH =
      """
      WITH prev AS (SELECT id, status FROM run WHERE id = :id FOR UPDATE)
      UPDATE run r
         SET status = :status, units_total = :total, units_done = :done,
             units_failed = :failed, units_skipped = :skipped, error = :error,
             failure_reason = :reason, finished_at = now()
        FROM prev
       WHERE r.id = prev.id
         AND prev.status NOT IN ('COMPLETED', 'COMPLETED_WITH_FAILURES', 'FAILED', 'CANCELLED')
      RETURNING prev.status
      """;
  private static final String MARK_PLANNING =
      "UPDATE run SET status = 'PLANNING' WHERE id = :id AND status = 'PENDING'";
  private static final String SET_UNITS_TOTAL =
      "UPDATE run SET units_total = :total WHERE id = :id";
  private static final String SET_LAUNCHER = "UPDATE run SET launcher = :launcher WHERE id = :id";
  private static final String SET_WORKFLOW =
      "UPDATE run SET workflow_id = :workflowId WHERE id = :id";

  private static final Map<RunStatus, Set<RunStatus>> ALLOWED = allowedTransitions();

  private static final RowMapper<Run> RUN = RunRepository::mapRun;

  private final JdbcClient jdbc;
  private final RunEvents events;

  /** A repository whose status changes are published nowhere. */
  public RunRepository(JdbcClient jdbc) {
    this(jdbc, RunEvents.none());
  }

  /**
   * @param events where status changes go, after their commit
   */
  public RunRepository(JdbcClient jdbc, RunEvents events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  /**
   * Writes a PENDING run and returns its id.
   *
   * @param pipelineVersion the version of the pipeline the request names, pinned in the row
   * @param toolVersions tool id to version of the pipeline's tools, pinned in the row
   * @throws InvalidRunRequestException for an unknown collection or a query that does not parse
   * @throws UnknownRunException when {@code rerunOf} names no run
   */
  public long create(RunRequest request, String pipelineVersion, Map<String, String> toolVersions) {
    if (request.collectionQuery() != null) {
      try {
        AssetQuery.parse(request.collectionQuery());
      } catch (QueryParseException e) {
        throw new InvalidRunRequestException("the run's query is not valid: " + e.getMessage(), e);
      }
    }
    if (request.collectionId() != null
        && jdbc.sql(COLLECTION_EXISTS)
            .param("id", request.collectionId())
            .query(Long.class)
            .optional()
            .isEmpty()) {
      throw new InvalidRunRequestException("no collection with id " + request.collectionId());
    }
    if (request.rerunOf() != null && find(request.rerunOf()).isEmpty()) {
      throw new UnknownRunException(request.rerunOf());
    }
    RunPolicy policy = request.policy();
    Duration ttl = policy.artifactTtl();
    long runId =
        jdbc.sql(CREATE)
            .param("pipelineId", request.pipelineId())
            .param("pipelineVersion", pipelineVersion)
            .param("collectionId", request.collectionId(), Types.BIGINT)
            .param("collectionQuery", request.collectionQuery(), Types.VARCHAR)
            .param("rerunOf", request.rerunOf(), Types.BIGINT)
            .param("policy", policy.kind().name())
            .param("parameters", request.parameters().canonicalJson())
            .param("toolVersions", ToolParameters.of(toolVersions).canonicalJson())
            .param("requestedBy", request.requestedBy())
            .param("sampleCount", policy.sampleCount(), Types.INTEGER)
            .param("sampleFraction", policy.sampleFraction(), Types.DOUBLE)
            .param("seed", policy.sandbox() ? policy.seed() : null, Types.BIGINT)
            .param("thumbnailSize", policy.thumbnailSize(), Types.INTEGER)
            .param("ttl", ttl == null ? null : ttl.toSeconds(), Types.BIGINT)
            .query(Long.class)
            .single();
    stateChanged(runId, null, RunStatus.PENDING);
    return runId;
  }

  public Optional<Run> find(long runId) {
    return jdbc.sql(FIND).param("id", runId).query(RUN).optional();
  }

  /**
   * @throws UnknownRunException if no run has this id
   */
  public Run get(long runId) {
    return find(runId).orElseThrow(() -> new UnknownRunException(runId));
  }

  /** The newest runs first. */
  public List<Run> list(int limit) {
    return jdbc.sql(LIST).param("n", limit).query(RUN).list();
  }

  /**
   * One page of runs, newest first, optionally only of one status and one pipeline.
   *
   * @param beforeId only runs with a smaller id (the last id of the previous page); null for the
   *     first page
   */
  public List<Run> page(
      @Nullable RunStatus status, @Nullable String pipelineId, @Nullable Long beforeId, int limit) {
    return jdbc.sql(PAGE)
        .param("status", status == null ? null : status.name(), Types.VARCHAR)
        .param("pipeline", pipelineId, Types.VARCHAR)
        .param("before", beforeId == null ? Long.MAX_VALUE : beforeId)
        .param("limit", limit)
        .query(RUN)
        .list();
  }

  /** The newest runs in a status first. */
  public List<Run> list(RunStatus status, int limit) {
    return jdbc.sql(LIST_BY_STATUS)
        .param("status", status.name())
        .param("n", limit)
        .query(RUN)
        .list();
  }

  /**
   * Moves a run to {@code to}. Moving to the status it already has is a no-op, so retried
   * activities may repeat a transition.
   *
   * @throws IllegalRunTransitionException if the lifecycle does not allow the move
   * @throws UnknownRunException if no run has this id
   */
  public void transition(long runId, RunStatus to) {
    transition(runId, to, null);
  }

  /**
   * As {@link #transition(long, RunStatus)}, recording {@code error} when {@code to} is terminal.
   */
  public void transition(long runId, RunStatus to, @Nullable String error) {
    Set<RunStatus> from = EnumSet.noneOf(RunStatus.class);
    ALLOWED.forEach(
        (source, targets) -> {
          if (targets.contains(to)) {
            from.add(source);
          }
        });
    Optional<String> before =
        from.isEmpty()
            ? Optional.empty()
            : jdbc.sql(TRANSITION)
                .param("id", runId)
                .param("to", to.name())
                .param("terminal", to.terminal())
                .param("error", error, Types.VARCHAR)
                .param("from", from.stream().map(Enum::name).toArray(String[]::new))
                .query(String.class)
                .optional();
    if (before.isPresent()) {
      stateChanged(runId, RunStatus.valueOf(before.get()), to);
      return;
    }
    RunStatus current = get(runId).status();
    if (current != to) {
      throw new IllegalRunTransitionException(runId, current, to);
    }
  }

  /** Whether the lifecycle allows {@code from → to} (a same-status move is not a transition). */
  public static boolean allows(RunStatus from, RunStatus to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /**
   * Writes final totals and a terminal status, unless the run already ended.
   *
   * @return false if the run had already ended (nothing was written)
   */
  boolean finish(
      long runId,
      RunStatus status,
      long total,
      long done,
      long failed,
      long skipped,
      @Nullable String error,
      @Nullable String failureReason) {
    Optional<String> before =
        jdbc.sql(FINISH)
            .param("id", runId)
            .param("status", status.name())
            .param("total", total)
            .param("done", done)
            .param("failed", failed)
            .param("skipped", skipped)
            .param("error", error, Types.VARCHAR)
            .param("reason", failureReason, Types.VARCHAR)
            .query(String.class)
            .optional();
    before.ifPresent(previous -> stateChanged(runId, RunStatus.valueOf(previous), status));
    return before.isPresent();
  }

  /**
   * PENDING → PLANNING, when planning starts; a run in any other status is left alone.
   *
   * @return whether the status changed
   */
  boolean markPlanning(long runId) {
    boolean changed = jdbc.sql(MARK_PLANNING).param("id", runId).update() == 1;
    if (changed) {
      stateChanged(runId, RunStatus.PENDING, RunStatus.PLANNING);
    }
    return changed;
  }

  private void stateChanged(long runId, @Nullable RunStatus from, RunStatus to) {
    AfterCommit.publish(events, new RunStateChanged(runId, from, to, Instant.now()));
  }

  void setUnitsTotal(long runId, long total) {
    jdbc.sql(SET_UNITS_TOTAL).param("id", runId).param("total", total).update();
  }

  /** Records where the run's partitions run ({@code in-process}, {@code process}, ...). */
  public void setLauncher(long runId, String launcher) {
    if (jdbc.sql(SET_LAUNCHER).param("id", runId).param("launcher", launcher).update() == 0) {
      throw new UnknownRunException(runId);
    }
  }

  /** Records the Temporal workflow that drives the run. */
  public void setWorkflowId(long runId, String workflowId) {
    if (jdbc.sql(SET_WORKFLOW).param("id", runId).param("workflowId", workflowId).update() == 0) {
      throw new UnknownRunException(runId);
    }
  }

  private static Map<RunStatus, Set<RunStatus>> allowedTransitions() {
    Map<RunStatus, Set<RunStatus>> allowed = new LinkedHashMap<>();
    allowed.put(
        RunStatus.PENDING,
        EnumSet.of(RunStatus.PLANNING, RunStatus.RUNNING, RunStatus.FAILED, RunStatus.CANCELLED));
    allowed.put(
        RunStatus.PLANNING, EnumSet.of(RunStatus.RUNNING, RunStatus.FAILED, RunStatus.CANCELLED));
    allowed.put(
        RunStatus.RUNNING,
        EnumSet.of(
            RunStatus.PAUSED,
            RunStatus.COMPLETED,
            RunStatus.COMPLETED_WITH_FAILURES,
            RunStatus.FAILED,
            RunStatus.CANCELLED));
    allowed.put(
        RunStatus.PAUSED, EnumSet.of(RunStatus.RUNNING, RunStatus.FAILED, RunStatus.CANCELLED));
    return Map.copyOf(allowed);
  }

  private static Run mapRun(ResultSet rs, int row) throws SQLException {
    RunPolicy.Kind kind = RunPolicy.Kind.valueOf(rs.getString("policy"));
    long ttl = rs.getLong("artifact_ttl_secs");
    Duration artifactTtl = rs.wasNull() ? null : Duration.ofSeconds(ttl);
    RunPolicy policy =
        new RunPolicy(
            kind,
            rs.getObject("sample_count", Integer.class),
            rs.getObject("sample_fraction", Double.class),
            rs.getLong("sample_seed"),
            rs.getObject("thumbnail_size", Integer.class),
            artifactTtl);
    Map<String, String> toolVersions = new LinkedHashMap<>();
    ToolParameters.fromJson(rs.getString("tool_versions"))
        .values()
        .forEach((tool, version) -> toolVersions.put(tool, String.valueOf(version)));
    return new Run(
        rs.getLong("id"),
        rs.getString("pipeline_id"),
        rs.getString("pipeline_version"),
        rs.getObject("collection_id", Long.class),
        rs.getString("collection_query"),
        rs.getObject("rerun_of", Long.class),
        policy,
        ToolParameters.fromJson(rs.getString("parameters")),
        toolVersions,
        RunStatus.valueOf(rs.getString("status")),
        rs.getString("requested_by"),
        rs.getString("workflow_id"),
        rs.getLong("units_total"),
        rs.getLong("units_done"),
        rs.getLong("units_failed"),
        rs.getLong("units_skipped"),
        rs.getString("error"),
        rs.getString("failure_reason"),
        instant(rs.getTimestamp("created_at")),
        nullableInstant(rs.getTimestamp("started_at")),
        nullableInstant(rs.getTimestamp("finished_at")),
        rs.getString("launcher"));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp.toInstant();
  }

  private static @Nullable Instant nullableInstant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
