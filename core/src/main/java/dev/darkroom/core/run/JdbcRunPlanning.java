package dev.darkroom.core.run;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans a run in PostgreSQL with set-based statements: the scope's assets are snapshotted into
 * {@code run_unit} by one {@code INSERT … SELECT}, partitions are numbered by {@code row_number()}
 * over key order, and one {@code run_partition} row is written per partition.
 *
 * <p>Unit keys are asset ids zero-padded to 19 digits, so text order is id order. A sandbox sample
 * is the first {@code n} assets ordered by {@code md5(seed || ':' || asset_id)}: the same seed over
 * the same scope picks the same units. The run row is locked while planning, so concurrent or
 * retried calls plan once; a planned run's existing plan is returned. Planning does not change the
 * run's status: the workflow owns the lifecycle.
 */
public class JdbcRunPlanning implements RunPlanning {

  /** Every asset the archive still holds: at least one live location. */
  private static final String ALL_ASSETS =
      """
      SELECT a.id AS asset_id FROM asset a
       WHERE EXISTS (SELECT 1 FROM asset_location l WHERE l.asset_id = a.id AND l.gone_at IS NULL)
      """;

  private static final String COLLECTION =
      """
      SELECT m.asset_id FROM collection_member m
       WHERE m.collection_id = :collectionId
         AND EXISTS (SELECT 1 FROM asset_location l
                      WHERE l.asset_id = m.asset_id AND l.gone_at IS NULL)
      """;
  private static final String FAILED_OF_EARLIER_RUN =
      """
      SELECT DISTINCT u.asset_id FROM run_unit u
       WHERE u.run_id = :rerunOf AND u.status = 'FAILED'
      """;
  private static final String SAMPLED =
      """
      SELECT s.asset_id FROM (%s) s
       ORDER BY md5(CAST(:seed AS text) || ':' || CAST(s.asset_id AS text)), s.asset_id
       LIMIT :sampleSize
      """;
  private static final String COUNT = "SELECT count(*) FROM (%s) s";
  private static final String SNAPSHOT =
      """
      INSERT INTO run_unit (run_id, unit_key, asset_id, partition_no)
      SELECT :runId, lpad(CAST(p.asset_id AS text), 19, '0'), p.asset_id,
             CAST((row_number() OVER (ORDER BY p.asset_id) - 1) / :partitionSize AS integer)
        FROM (%s) p
      ON CONFLICT (run_id, unit_key) DO NOTHING
      """;
  private static final String LOCK_RUN = "SELECT id FROM run WHERE id = :id FOR UPDATE";
  private static final String UNIT_COUNT = "SELECT count(*) FROM run_unit WHERE run_id = :runId";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final RunRepository runs;
  private final PartitionRepository partitions;
  private final int partitionSize;

  /**
   * @param partitionSize units per partition ({@code darkroom.runs.partition-size})
   */
  public JdbcRunPlanning(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      RunRepository runs,
      PartitionRepository partitions,
      int partitionSize) {
    if (partitionSize <= 0) {
      throw new IllegalArgumentException("partition size must be positive: " + partitionSize);
    }
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.runs = runs;
    this.partitions = partitions;
    this.partitionSize = partitionSize;
  }

  @Override
  public PlanResult plan(long runId) {
    PlanResult result = transaction.execute(status -> planLocked(runId));
    if (result == null) {
      throw new IllegalStateException("planning run " + runId + " returned nothing");
    }
    return result;
  }

  private PlanResult planLocked(long runId) {
    if (jdbc.sql(LOCK_RUN).param("id", runId).query(Long.class).optional().isEmpty()) {
      throw new UnknownRunException(runId);
    }
    runs.markPlanning(runId);
    long existing = unitCount(runId);
    if (existing == 0) {
      Run run = runs.get(runId);
      String source = source(run);
      String picked = source;
      Long sampleSize = null;
      RunPolicy policy = run.policy();
      if (policy.sandbox()) {
        sampleSize = sampleSize(run, source);
        picked = SAMPLED.formatted(source);
      }
      var statement =
          jdbc.sql(SNAPSHOT.formatted(picked))
              .param("runId", runId)
              .param("partitionSize", partitionSize);
      statement = bindScope(statement, run);
      if (sampleSize != null) {
        statement = statement.param("seed", policy.seed()).param("sampleSize", sampleSize);
      }
      statement.update();
      partitions.createFromUnits(runId);
      existing = unitCount(runId);
      runs.setUnitsTotal(runId, existing);
    }
    return new PlanResult(runId, partitions.count(runId), existing);
  }

  private long sampleSize(Run run, String source) {
    RunPolicy policy = run.policy();
    if (policy.sampleCount() != null) {
      return policy.sampleCount();
    }
    long scopeSize = bindScope(jdbc.sql(COUNT.formatted(source)), run).query(Long.class).single();
    return (long) Math.ceil(scopeSize * policy.sampleFraction());
  }

  private static String source(Run run) {
    if (run.rerunOf() != null) {
      return FAILED_OF_EARLIER_RUN;
    }
    if (run.collectionId() != null) {
      return COLLECTION;
    }
    if (run.collectionQuery() != null) {
      throw new InvalidRunRequestException(
          "run " + run.id() + " names a dynamic query; queries are not supported yet");
    }
    return ALL_ASSETS;
  }

  private static JdbcClient.StatementSpec bindScope(JdbcClient.StatementSpec statement, Run run) {
    if (run.rerunOf() != null) {
      return statement.param("rerunOf", run.rerunOf());
    }
    if (run.collectionId() != null) {
      return statement.param("collectionId", run.collectionId());
    }
    return statement;
  }

  private long unitCount(long runId) {
    return jdbc.sql(UNIT_COUNT).param("runId", runId).query(Long.class).single();
  }
}
