package dev.darkroom.testsupport;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Checks that the unit counters kept beside {@code run_unit} ({@code run_partition_counts}, {@code
 * run_finished_second}) equal a recount of {@code run_unit}, for every run in the database. Each
 * comparison is one statement, so it sees one snapshot even while chunks of a run keep committing.
 */
public final class RunUnitCounterCheck {

  // Zero rows are what is left of a partition or a second whose units all moved on: equal to none.
  private static final String PARTITION_MISMATCHES =
      """
      WITH recount AS (
        SELECT run_id, partition_no,
               count(*) FILTER (WHERE status = 'PENDING') AS pending,
               count(*) FILTER (WHERE status = 'RUNNING') AS running,
               count(*) FILTER (WHERE status = 'DONE') AS done,
               count(*) FILTER (WHERE status = 'FAILED') AS failed,
               count(*) FILTER (WHERE status = 'SKIPPED') AS skipped
          FROM run_unit GROUP BY run_id, partition_no),
      kept AS (
        SELECT run_id, partition_no, pending, running, done, failed, skipped
          FROM run_partition_counts
         WHERE (pending, running, done, failed, skipped) <> (0, 0, 0, 0, 0))
      SELECT format('run %s partition %s: counters %s, recount %s',
                    coalesce(r.run_id, k.run_id), coalesce(r.partition_no, k.partition_no),
                    CASE WHEN k.run_id IS NULL THEN 'none'
                         ELSE format('pending=%s running=%s done=%s failed=%s skipped=%s',
                                     k.pending, k.running, k.done, k.failed, k.skipped) END,
                    CASE WHEN r.run_id IS NULL THEN 'none'
                         ELSE format('pending=%s running=%s done=%s failed=%s skipped=%s',
                                     r.pending, r.running, r.done, r.failed, r.skipped) END)
        FROM recount r FULL JOIN kept k USING (run_id, partition_no)
       WHERE (r.pending, r.running, r.done, r.failed, r.skipped)
             IS DISTINCT FROM (k.pending, k.running, k.done, k.failed, k.skipped)
       ORDER BY 1
      """;
  private static final String SECOND_MISMATCHES =
      """
      WITH recount AS (
        SELECT run_id, date_trunc('second', updated_at) AS second, partition_no, count(*) AS units
          FROM run_unit WHERE status IN ('DONE', 'FAILED', 'SKIPPED')
         GROUP BY 1, 2, 3),
      kept AS (SELECT run_id, second, partition_no, units FROM run_finished_second WHERE units <> 0)
      SELECT format('run %s partition %s second %s: counters %s, recount %s',
                    coalesce(r.run_id, k.run_id), coalesce(r.partition_no, k.partition_no),
                    coalesce(r.second, k.second), coalesce(k.units, 0), coalesce(r.units, 0))
        FROM recount r FULL JOIN kept k USING (run_id, second, partition_no)
       WHERE r.units IS DISTINCT FROM k.units
       ORDER BY 1
      """;

  private RunUnitCounterCheck() {}

  /** What differs between the counters and a recount; empty when they agree. */
  public static List<String> mismatches(DataSource dataSource) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    List<String> found = new java.util.ArrayList<>();
    found.addAll(jdbc.sql(PARTITION_MISMATCHES).query(String.class).list());
    found.addAll(jdbc.sql(SECOND_MISMATCHES).query(String.class).list());
    return found;
  }

  /**
   * @throws AssertionError naming every partition and second whose counters differ from a recount
   */
  public static void assertCountersMatchRecount(DataSource dataSource) {
    List<String> found = mismatches(dataSource);
    if (!found.isEmpty()) {
      throw new AssertionError(
          "unit counters differ from a recount of run_unit:\n  " + String.join("\n  ", found));
    }
  }
}
