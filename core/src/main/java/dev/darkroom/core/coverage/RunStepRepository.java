package dev.darkroom.core.coverage;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code run_step} table and the run's {@code force} and {@code units_current} columns: what a
 * production run counts as current, so planning can leave those assets alone (ADR 0014).
 */
public class RunStepRepository {

  private static final String INSERT =
      """
      INSERT INTO run_step (run_id, tool_id, kind, tool_version, params_hash, accepted)
      VALUES (:runId, :toolId, :kind, :version, :hash, :accepted::text[])
      ON CONFLICT (run_id, tool_id) DO NOTHING
      """;
  private static final String SET_FORCE = "UPDATE run SET force = :force WHERE id = :runId";
  private static final String INCREMENTAL =
      """
      SELECT r.policy = 'PRODUCTION' AND NOT r.force
             AND EXISTS (SELECT 1 FROM run_step s WHERE s.run_id = r.id)
        FROM run r WHERE r.id = :runId
      """;
  private static final String SET_CURRENT =
      "UPDATE run SET units_current = :current WHERE id = :runId";
  private static final String SUMMARY = "SELECT force, units_current FROM run WHERE id = :runId";

  /**
   * The assets of a scope that still need work: some step of the run applies to the asset's media
   * type and the asset has no artifact of that step made with the run's version and parameters.
   * Failed and stale ones need work; so does an asset no state is known for.
   */
  private static final String NEEDING_WORK =
      """
      SELECT needed.asset_id FROM (%s) needed
       WHERE EXISTS (
         SELECT 1 FROM run_step rs JOIN coverage_asset c ON c.asset_id = needed.asset_id
          WHERE rs.run_id = :runId AND coverage_accepts(rs.accepted, c.media_type)
            AND NOT EXISTS (
              SELECT 1 FROM coverage_state s
               WHERE s.asset_id = needed.asset_id AND s.tool_id = rs.tool_id
                 AND s.status = 'PRODUCED' AND s.tool_version = rs.tool_version
                 AND s.params_hash = rs.params_hash))
      """;

  private final JdbcClient jdbc;

  public RunStepRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records a new run's steps (effective versions and parameters) and whether it is forced. */
  public void record(long runId, List<CoverageStep> steps, boolean force) {
    for (CoverageStep step : steps) {
      jdbc.sql(INSERT)
          .param("runId", runId)
          .param("toolId", step.toolId())
          .param("kind", step.kind())
          .param("version", step.toolVersion())
          .param("hash", step.paramsHash())
          .param("accepted", step.accepted().toArray(String[]::new))
          .update();
    }
    jdbc.sql(SET_FORCE).param("runId", runId).param("force", force).update();
  }

  /**
   * Whether planning leaves current assets out: a production run, not forced, whose steps were
   * recorded (a run created before coverage existed plans its whole scope, as it always did).
   */
  public boolean incremental(long runId) {
    return jdbc.sql(INCREMENTAL)
        .param("runId", runId)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /**
   * Wraps a {@code SELECT … asset_id} so that it keeps only assets needing work for run {@code
   * :runId} (the caller binds {@code runId}).
   */
  public static String needingWork(String scopeSql) {
    return NEEDING_WORK.formatted(scopeSql);
  }

  /** Records how many assets of the scope were current and left alone. */
  public void setUnitsCurrent(long runId, long current) {
    jdbc.sql(SET_CURRENT).param("runId", runId).param("current", current).update();
  }

  /** Whether a run was forced and how many assets it left alone as current. */
  public IncrementalSummary summary(long runId) {
    return jdbc.sql(SUMMARY)
        .param("runId", runId)
        .query(
            (rs, row) ->
                new IncrementalSummary(rs.getBoolean("force"), rs.getLong("units_current")))
        .optional()
        .orElse(new IncrementalSummary(false, 0));
  }

  /**
   * @param force the run reprocessed everything in scope
   * @param unitsCurrent assets of the scope that were already current and not planned
   */
  public record IncrementalSummary(boolean force, long unitsCurrent) {}
}
