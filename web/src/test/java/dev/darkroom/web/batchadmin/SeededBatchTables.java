package dev.darkroom.web.batchadmin;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fills Spring Batch's tables with {@value #EXECUTIONS} executions of {@value #INSTANCES} instances
 * in a few set-based statements (about a second), shaped like Darkroom's: every 20th instance is a
 * {@code scan} (parameter scanId), the others {@code pipeline} partitions (runId = instance / 4 +
 * 1, partitionNo = instance % 4). Execution {@code g} belongs to instance {@code (g - 1) % 8000 +
 * 1}, so instances 1 to 2000 have two executions ({@code g} and {@code g + 8000}). Statuses cycle
 * with {@code g % 10} (seven COMPLETED, then FAILED, STOPPED, ABANDONED), except executions {@link
 * #STARTED} which are STARTED. The formulas below let tests compute every expected page without
 * asking the database.
 */
final class SeededBatchTables {

  static final int EXECUTIONS = 10_000;
  static final int INSTANCES = 8_000;
  static final long[] STARTED = {5_000, 9_990};

  private static final String[] STATUS_CYCLE = {
    "COMPLETED",
    "COMPLETED",
    "COMPLETED",
    "COMPLETED",
    "COMPLETED",
    "COMPLETED",
    "COMPLETED",
    "FAILED",
    "STOPPED",
    "ABANDONED"
  };

  private static final String SEED =
      """
      INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
      SELECT g, 0, CASE WHEN g % 20 = 0 THEN 'scan' ELSE 'pipeline' END, md5(g::text)
        FROM generate_series(1, :instances) g;

      INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,
                                       start_time, end_time, status, exit_code, exit_message,
                                       last_updated)
      SELECT g, 2, (g - 1) % :instances + 1,
             timestamp '2026-01-01' + g * interval '1 minute',
             timestamp '2026-01-01' + g * interval '1 minute' + interval '1 second',
             timestamp '2026-01-01' + g * interval '1 minute' + (g % 50 + 1) * interval '1 second',
             (ARRAY['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED',
                    'COMPLETED', 'FAILED', 'STOPPED', 'ABANDONED'])[g % 10 + 1],
             (ARRAY['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED',
                    'COMPLETED', 'FAILED', 'STOPPED', 'FAILED'])[g % 10 + 1],
             CASE WHEN g % 10 = 7 THEN 'java.lang.IllegalStateException: seeded failure ' || g
                  ELSE '' END,
             timestamp '2026-01-01' + g * interval '1 minute'
        FROM generate_series(1, :executions) g;

      UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', end_time = NULL
       WHERE job_execution_id = ANY(:started);

      INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,
                                              parameter_value, identifying)
      SELECT e.job_execution_id, p.name, 'java.lang.Long', p.value, 'Y'
        FROM batch_job_execution e
        JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
       CROSS JOIN LATERAL (VALUES ('runId', (i.job_instance_id / 4 + 1)::text, i.job_name = 'pipeline'),
                                  ('partitionNo', (i.job_instance_id % 4)::text, i.job_name = 'pipeline'),
                                  ('scanId', (i.job_instance_id / 20)::text, i.job_name = 'scan'))
             AS p (name, value, applies)
       WHERE p.applies;

      INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id,
                                        create_time, start_time, end_time, status, commit_count,
                                        read_count, filter_count, write_count, read_skip_count,
                                        write_skip_count, process_skip_count, rollback_count,
                                        exit_code, exit_message, last_updated)
      SELECT e.job_execution_id, 2, CASE WHEN i.job_name = 'scan' THEN 'scan-files'
                                         ELSE 'pipeline-units' END,
             e.job_execution_id, e.create_time, e.start_time, e.end_time, e.status,
             20, 2000, 0, 2000, 0, 0, 0, 0, e.exit_code, e.exit_message, e.last_updated
        FROM batch_job_execution e
        JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id;

      SELECT setval('batch_job_instance_seq', :instances);
      SELECT setval('batch_job_execution_seq', :executions);
      SELECT setval('batch_step_execution_seq', :executions);
      ANALYZE batch_job_instance, batch_job_execution, batch_job_execution_params,
              batch_step_execution
      """;

  private SeededBatchTables() {}

  static void seed(JdbcClient jdbc) {
    for (String sql : SEED.split(";\n")) {
      JdbcClient.StatementSpec statement =
          jdbc.sql(sql)
              .param("instances", INSTANCES)
              .param("executions", EXECUTIONS)
              .param("started", STARTED);
      if (sql.strip().startsWith("SELECT")) {
        statement.query().listOfRows();
      } else {
        statement.update();
      }
    }
  }

  static long instanceOf(long executionId) {
    return (executionId - 1) % INSTANCES + 1;
  }

  static String jobOf(long executionId) {
    return instanceOf(executionId) % 20 == 0 ? "scan" : "pipeline";
  }

  static String statusOf(long executionId) {
    for (long started : STARTED) {
      if (started == executionId) {
        return "STARTED";
      }
    }
    return STATUS_CYCLE[(int) (executionId % 10)];
  }

  /** Execution ids matching the predicate, newest first. */
  static List<Long> executionIds(LongPredicate matching) {
    List<Long> ids = new ArrayList<>();
    for (long id = EXECUTIONS; id >= 1; id--) {
      if (matching.test(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** Instance ids of a job, newest first. */
  static List<Long> instanceIds(String job) {
    List<Long> ids = new ArrayList<>();
    for (long id = INSTANCES; id >= 1; id--) {
      if ((id % 20 == 0 ? "scan" : "pipeline").equals(job)) {
        ids.add(id);
      }
    }
    return ids;
  }
}
