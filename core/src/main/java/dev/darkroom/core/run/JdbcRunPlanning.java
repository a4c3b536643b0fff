package dev.darkroom.core.run;

import dev.darkroom.core.coverage.RunStepRepository;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.core.query.SqlFragment;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans a run in PostgreSQL with set-based statements: the scope's assets are snapshotted into
 * {@code run_unit} by one {@code INSERT … SELECT}, partitions are numbered by {@code row_number()}
 * over key order, and one {@code run_partition} row is written per partition. The partition size
 * comes from {@link PartitionSizing} and the number of units the scope holds, counted first.
 *
 * <p>Unit keys are asset ids zero-padded to 19 digits, so text order is id order. A sandbox sample
 * is the first {@code n} assets ordered by {@code md5(seed || ':' || asset_id)}: the same seed over
 * the same scope picks the same units. A query scope, or a dynamic collection's query, is evaluated
 * here, once: the units are the matching assets with a live location at planning time. The run row
 * is locked while planning, so concurrent or retried calls plan once; a planned run's existing plan
 * is returned. Planning does not change the run's status: the workflow owns the lifecycle.
 *
 * <p>A production run that is not forced plans only the assets some step of its pipeline still has
 * to do (missing, stale or failed, see {@link RunStepRepository}); the others are counted in {@code
 * run.units_current} and left alone.
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
  private static final String COLLECTION_SCOPE = "SELECT query FROM collection WHERE id = :id";
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
             CAST((row_number() OVER (ORDER BY p.asset_id) - 1) / :size AS integer)
        FROM (%s) p
      ON CONFLICT (run_id, unit_key) DO NOTHING
      """;
  private static final String LOCK_RUN = "SELECT id FROM run WHERE id = :id FOR UPDATE";
  private static final String UNIT_COUNT = "SELECT count(*) FROM run_unit WHERE run_id = :runId";

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final RunRepository runs;
  private final PartitionRepository partitions;
  private final PartitionSizing sizing;
  private final RunStepRepository runSteps;

  /**
   * @param partitionSize units per partition ({@code darkroom.runs.partition-size}), whatever the
   *     run's size or slots ({@link PartitionSizing#fixed})
   */
  public JdbcRunPlanning(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      RunRepository runs,
      PartitionRepository partitions,
      int partitionSize) {
    this(jdbc, transaction, runs, partitions, PartitionSizing.fixed(partitionSize));
  }

  /**
   * Sizes partitions as the product does ({@link PartitionSizing#adaptive}).
   *
   * @param partitionSize units per partition of a run of up to 20 partitions ({@code
   *     darkroom.runs.partition-size}); larger runs get larger partitions
   * @param minPartitionSize fewest units per partition when a run is split to fill its slots
   *     ({@code darkroom.runs.min-partition-size})
   */
  public JdbcRunPlanning(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      RunRepository runs,
      PartitionRepository partitions,
      int partitionSize,
      int minPartitionSize) {
    this(
        jdbc,
        transaction,
        runs,
        partitions,
        PartitionSizing.adaptive(partitionSize, minPartitionSize));
  }

  public JdbcRunPlanning(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      RunRepository runs,
      PartitionRepository partitions,
      PartitionSizing sizing) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.runs = runs;
    this.partitions = partitions;
    this.sizing = sizing;
    this.runSteps = new RunStepRepository(jdbc);
  }

  @Override
  public PlanResult plan(long runId, int slots) {
    return plan(runId, launcher -> slots);
  }

  @Override
  public PlanResult plan(long runId, ToIntFunction<@Nullable String> slotsOfLauncher) {
    PlanResult result = transaction.execute(status -> planLocked(runId, slotsOfLauncher));
    if (result == null) {
      throw new IllegalStateException("planning run " + runId + " returned nothing");
    }
    return result;
  }

  private PlanResult planLocked(long runId, ToIntFunction<@Nullable String> slotsOfLauncher) {
    if (jdbc.sql(LOCK_RUN).param("id", runId).query(Long.class).optional().isEmpty()) {
      throw new UnknownRunException(runId);
    }
    runs.markPlanning(runId);
    long existing = unitCount(runId);
    if (existing == 0) {
      Run run = runs.get(runId);
      int slots = slotsOfLauncher.applyAsInt(run.launcher());
      if (slots < 1) {
        throw new IllegalArgumentException("a run needs at least one slot: " + slots);
      }
      SqlFragment scope = scope(run);
      String picked = scope.sql();
      Long sampleSize = null;
      RunPolicy policy = run.policy();
      Long scopeSize = null;
      if (policy.sandbox()) {
        sampleSize = sampleSize(run, scope);
        picked = SAMPLED.formatted(scope.sql());
      } else if (runSteps.incremental(runId)) {
        // Production plans only what is missing, stale or failed (docs/coverage.md).
        scopeSize = count(scope);
        picked = RunStepRepository.needingWork(scope.sql());
      }
      Map<String, Object> params = new HashMap<>(scope.params());
      // The incremental scope compares with the run's own pinned steps (run_step of :runId).
      params.put("runId", runId);
      if (sampleSize != null) {
        params.put("seed", policy.seed());
        params.put("sampleSize", sampleSize);
      }
      // Counted first because the partition size depends on the run's size; the run row is
      // locked, and an asset catalogued in between only makes one partition a unit larger.
      long units = jdbc.sql(COUNT.formatted(picked)).params(params).query(Long.class).single();
      jdbc.sql(SNAPSHOT.formatted(picked))
          .params(params)
          .param("size", sizing.size(units, slots))
          .update();
      partitions.createFromUnits(runId);
      existing = unitCount(runId);
      runs.setUnitsTotal(runId, existing);
      if (scopeSize != null) {
        runSteps.setUnitsCurrent(runId, Math.max(0, scopeSize - existing));
      }
    }
    return new PlanResult(runId, partitions.count(runId), existing);
  }

  private long sampleSize(Run run, SqlFragment scope) {
    RunPolicy policy = run.policy();
    if (policy.sampleCount() != null) {
      return policy.sampleCount();
    }
    return (long) Math.ceil(count(scope) * policy.sampleFraction());
  }

  private long count(SqlFragment scope) {
    return jdbc.sql(COUNT.formatted(scope.sql())).params(scope.params()).query(Long.class).single();
  }

  /** The {@code SELECT … asset_id} of the run's scope, with its parameters. */
  private SqlFragment scope(Run run) {
    return scope(jdbc, run.rerunOf(), run.collectionId(), run.collectionQuery(), "run " + run.id());
  }

  /** The scope's {@code SELECT … asset_id}; {@code what} names the run in error messages. */
  static SqlFragment scope(
      JdbcClient jdbc,
      @Nullable Long rerunOf,
      @Nullable Long collectionId,
      @Nullable String collectionQuery,
      String what) {
    if (rerunOf != null) {
      return new SqlFragment(FAILED_OF_EARLIER_RUN, Map.of("rerunOf", rerunOf));
    }
    if (collectionId != null) {
      CollectionScope collection =
          jdbc.sql(COLLECTION_SCOPE)
              .param("id", collectionId)
              .query((rs, row) -> new CollectionScope(rs.getString("query")))
              .optional()
              .orElseThrow(
                  () ->
                      new InvalidRunRequestException(
                          what + " names collection " + collectionId + ", which no longer exists"));
      if (collection.query() != null) {
        return query(what, collection.query(), "collection " + collectionId + "'s query");
      }
      return new SqlFragment(COLLECTION, Map.of("collectionId", collectionId));
    }
    if (collectionQuery != null) {
      return query(what, collectionQuery, "the run's query");
    }
    return new SqlFragment(ALL_ASSETS, Map.of());
  }

  private static SqlFragment query(String run, String text, String what) {
    try {
      return AssetQuery.parse(text).liveAssetIds();
    } catch (QueryParseException e) {
      throw new InvalidRunRequestException(
          run + " cannot be planned: " + what + " is not valid: " + e.getMessage(), e);
    }
  }

  /** A collection as planning needs it: a dynamic one's query, or null for a static one. */
  private record CollectionScope(@Nullable String query) {}

  private long unitCount(long runId) {
    return jdbc.sql(UNIT_COUNT).param("runId", runId).query(Long.class).single();
  }
}
