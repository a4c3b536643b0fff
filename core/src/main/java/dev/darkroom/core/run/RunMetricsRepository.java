package dev.darkroom.core.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Read-only aggregates of {@code run} and {@code run_partition} for the metrics gauges. Each is a
 * small query over the run tables (never over {@code run_unit}): runs and partitions are few, their
 * unit counters are kept in the chunk transactions. Kept apart from {@link RunRepository} and
 * {@link PartitionRepository}, which own the writes, because nothing here changes a row.
 */
public class RunMetricsRepository {

  private static final String RUNS_BY_STATUS =
      """
      SELECT status, count(*) AS n
        FROM run
       WHERE status IN ('PENDING', 'PLANNING', 'RUNNING', 'PAUSED')
       GROUP BY status
      """;

  private static final String OPEN_PARTITIONS =
      """
      SELECT coalesce(p.launcher, 'unassigned') AS launcher, p.status, count(*) AS n
        FROM run_partition p
        JOIN run r ON r.id = p.run_id
       WHERE p.status IN ('PENDING', 'RUNNING', 'STOPPING')
         AND r.status IN ('PLANNING', 'RUNNING', 'PAUSED')
       GROUP BY 1, 2
      """;

  private static final String NEWEST_RUN_COVERAGE =
      """
      SELECT DISTINCT ON (pipeline_id) pipeline_id, units_total, units_done, units_skipped
        FROM run
       WHERE units_total > 0
         AND status IN ('COMPLETED', 'COMPLETED_WITH_FAILURES', 'FAILED', 'CANCELLED')
       ORDER BY pipeline_id, created_at DESC, id DESC
      """;

  // The unit counters (V60) of every run, whichever process committed the units.
  private static final String FINISHED_UNITS =
      """
      SELECT r.pipeline_id, sum(c.done) AS done, sum(c.failed) AS failed, sum(c.skipped) AS skipped
        FROM run_partition_counts c
        JOIN run r ON r.id = c.run_id
       GROUP BY r.pipeline_id
      """;

  private final JdbcClient jdbc;

  public RunMetricsRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Unfinished runs by status (PENDING, PLANNING, RUNNING, PAUSED); absent means none. */
  public Map<RunStatus, Long> unfinishedRuns() {
    Map<RunStatus, Long> counts = new HashMap<>();
    jdbc.sql(RUNS_BY_STATUS)
        .query(
            rs -> {
              counts.put(RunStatus.valueOf(rs.getString("status")), rs.getLong("n"));
            });
    return counts;
  }

  /**
   * Partitions of unfinished runs that are not over, by launcher ({@code unassigned} before the
   * first launch) and status (PENDING, RUNNING, STOPPING).
   */
  public Map<List<String>, Long> openPartitions() {
    Map<List<String>, Long> counts = new HashMap<>();
    jdbc.sql(OPEN_PARTITIONS)
        .query(
            rs -> {
              counts.put(
                  List.of(rs.getString("launcher"), rs.getString("status")), rs.getLong("n"));
            });
    return counts;
  }

  /**
   * For each pipeline, the share of its newest finished run's units that are done or skipped (a
   * run's counters are final when it ends).
   */
  public Map<String, Double> newestRunCoverage() {
    Map<String, Double> ratios = new HashMap<>();
    jdbc.sql(NEWEST_RUN_COVERAGE)
        .query(
            rs -> {
              long total = rs.getLong("units_total");
              long covered = rs.getLong("units_done") + rs.getLong("units_skipped");
              ratios.put(rs.getString("pipeline_id"), (double) covered / total);
            });
    return ratios;
  }

  /**
   * Units finished so far by pipeline and status ({@code done}, {@code failed}, {@code skipped}),
   * summed over every run from the unit counters: it includes units committed by worker JVMs and
   * Kubernetes Jobs, which record no metrics of their own. Only grows, until a run is deleted.
   */
  public Map<List<String>, Long> finishedUnits() {
    Map<List<String>, Long> counts = new HashMap<>();
    jdbc.sql(FINISHED_UNITS)
        .query(
            rs -> {
              String pipeline = rs.getString("pipeline_id");
              for (String status : List.of("done", "failed", "skipped")) {
                counts.put(List.of(pipeline, status), rs.getLong(status));
              }
            });
    return counts;
  }
}
