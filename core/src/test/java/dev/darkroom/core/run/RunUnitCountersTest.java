package dev.darkroom.core.run;

import static dev.darkroom.testsupport.RunUnitCounterCheck.assertCountersMatchRecount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.testsupport.PostgresExtension;
import dev.darkroom.testsupport.RunUnitCounterCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unit counters (ADR 0016) equal a recount of {@code run_unit} after every way units change:
 * planning, chunks that commit or roll back, partitions committing concurrently, a lost job and its
 * relaunch finishing the same units at once, reruns of failed units, cancellation, and writes that
 * bypass the repository. Each test ends with the recount check over every run.
 */
class RunUnitCountersTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  CatalogFixture catalog;

  @BeforeEach
  void setUp() {
    catalog = new CatalogFixture(db.dataSource());
  }

  @AfterEach
  void countersMatchRecount() {
    assertCountersMatchRecount(db.dataSource());
  }

  @Test
  void planningCountsEveryUnitPendingInItsPartition() {
    long run = planned(catalog.assets(25), 10);

    assertThat(catalog.units.countsByPartition(run).values())
        .extracting(UnitCounts::pending)
        .containsExactly(10L, 10L, 5L);
    assertThat(catalog.units.counts(run)).isEqualTo(catalog.units.recount(run));
    assertCountersMatchRecount(db.dataSource());
  }

  @Test
  void committedChunksCountAndRolledBackChunksDoNot() {
    long run = planned(catalog.assets(6), 10);
    List<String> keys = keys(run);

    catalog.transaction.executeWithoutResult(
        tx ->
            catalog.units.finish(
                run,
                List.of(
                    UnitUpdate.done(keys.get(0), 1),
                    UnitUpdate.failed(keys.get(1), "thumbnail: truncated", 1),
                    UnitUpdate.skipped(keys.get(2), "not an image", 1))));
    assertThatThrownBy(
            () ->
                catalog.transaction.executeWithoutResult(
                    tx -> {
                      catalog.units.markDone(run, keys.subList(3, 6), 1);
                      throw new IllegalStateException("the chunk's artifact insert failed");
                    }))
        .isInstanceOf(IllegalStateException.class);
    catalog.units.markDone(run, keys.subList(0, 2), 1); // a redone chunk changes nothing

    assertThat(catalog.units.counts(run)).isEqualTo(new UnitCounts(6, 3, 0, 1, 1, 1));
    assertThat(catalog.units.finishedSince(run, Instant.now().minusSeconds(60))).isEqualTo(3);
    assertCountersMatchRecount(db.dataSource());
  }

  @Test
  void partitionsCommittingConcurrentlyAreEachCountedOnce() throws Exception {
    long run = planned(catalog.assets(120), 20);
    List<Callable<Void>> partitions = new ArrayList<>();
    for (int p = 0; p < 6; p++) {
      List<String> keys = keys(run, p);
      partitions.add(() -> finishInChunks(run, keys, 3));
    }

    runConcurrently(partitions);

    assertThat(catalog.units.counts(run).unfinished()).isZero();
    assertThat(catalog.units.counts(run)).isEqualTo(catalog.units.recount(run));
  }

  @Test
  void aLostJobAndItsRelaunchFinishingTheSameUnitsCountEachUnitOnce() throws Exception {
    long run = planned(catalog.assets(60), 60);
    List<String> keys = keys(run, 0);
    // The first job is still alive (its worker only lost contact) when the partition is
    // relaunched: both read the partition's units in key order and finish the same ones, in
    // chunks of different sizes.
    runConcurrently(
        List.of(() -> finishInChunks(run, keys, 4), () -> finishInChunks(run, keys, 5)));

    assertThat(catalog.units.counts(run)).isEqualTo(catalog.units.recount(run));
    assertThat(catalog.units.counts(run).done() + catalog.units.counts(run).failed()).isEqualTo(60);
  }

  @Test
  void aRerunOfFailedUnitsAndACancelledRunKeepTheirCounters() {
    List<Long> assets = catalog.assets(8);
    long first = planned(assets, 4);
    List<String> keys = keys(first);
    catalog.units.markDone(first, keys.subList(0, 5), 1);
    catalog.units.markFailed(first, keys.get(5), "truncated", 1);
    catalog.units.markFailed(first, keys.get(6), "truncated", 1);
    new JdbcRunFinishing(catalog.runs, catalog.units).finish(first, false);

    long rerun = catalog.run(RunRequest.rerunFailed("p", first, RunPolicy.production(), "t"));
    catalog.planning(4).plan(rerun);
    catalog.units.markDone(rerun, keys(rerun).subList(0, 1), 2);
    new JdbcRunFinishing(catalog.runs, catalog.units).finish(rerun, true);
    // A chunk that was already writing when the cancel came commits afterwards.
    catalog.units.markFailed(rerun, keys(rerun).get(1), "cancelled mid-tool", 2);

    assertThat(catalog.units.counts(first)).isEqualTo(new UnitCounts(8, 1, 0, 5, 2, 0));
    assertThat(catalog.units.counts(rerun)).isEqualTo(new UnitCounts(2, 0, 0, 1, 1, 0));
    assertCountersMatchRecount(db.dataSource());
  }

  @Test
  void writesThatBypassTheRepositoryAreCountedToo() {
    long run = planned(catalog.assets(5), 10);
    List<String> keys = keys(run);
    catalog.units.markDone(run, keys, 1);

    // An operator resets two units by hand and moves another's finish time by an hour.
    catalog
        .jdbc
        .sql("UPDATE run_unit SET status = 'PENDING' WHERE run_id = ? AND unit_key IN (?, ?)")
        .params(run, keys.get(0), keys.get(1))
        .update();
    catalog
        .jdbc
        .sql("UPDATE run_unit SET updated_at = updated_at - interval '1 hour' WHERE unit_key = ?")
        .param(keys.get(2))
        .update();

    assertThat(catalog.units.counts(run)).isEqualTo(new UnitCounts(5, 2, 0, 3, 0, 0));
    assertThat(
            catalog.units.finishedPerBucket(
                run, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(3)))
        .extracting(FinishedBucket::units)
        .containsExactly(3L);
    assertCountersMatchRecount(db.dataSource());
  }

  @Test
  void theCheckFailsWhenACounterIsWrong() {
    long run = planned(catalog.assets(3), 10);
    catalog
        .jdbc
        .sql("UPDATE run_partition_counts SET done = done + 1 WHERE run_id = ?")
        .param(run)
        .update();

    assertThat(RunUnitCounterCheck.mismatches(db.dataSource()))
        .singleElement()
        .asString()
        .contains("run " + run + " partition 0");
    catalog
        .jdbc
        .sql("UPDATE run_partition_counts SET done = done - 1 WHERE run_id = ?")
        .param(run)
        .update();
  }

  private Void finishInChunks(long run, List<String> keys, int chunk) {
    for (int i = 0; i < keys.size(); i += chunk) {
      List<String> part = keys.subList(i, Math.min(keys.size(), i + chunk));
      List<UnitUpdate> updates = new ArrayList<>();
      for (String key : part) {
        updates.add(
            key.hashCode() % 7 == 0
                ? UnitUpdate.failed(key, "thumbnail: truncated", 1)
                : UnitUpdate.done(key, 1));
      }
      catalog.transaction.executeWithoutResult(tx -> catalog.units.finish(run, updates));
    }
    return null;
  }

  private static void runConcurrently(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Void>> futures = pool.invokeAll(tasks);
      for (Future<Void> future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private long planned(List<Long> assets, int partitionSize) {
    long collection = catalog.staticCollection(assets);
    long run = catalog.run(RunRequest.collection("p", collection, RunPolicy.production(), "t"));
    catalog.planning(partitionSize).plan(run);
    return run;
  }

  private List<String> keys(long run) {
    return catalog
        .jdbc
        .sql("SELECT unit_key FROM run_unit WHERE run_id = ? ORDER BY unit_key")
        .param(run)
        .query(String.class)
        .list();
  }

  private List<String> keys(long run, int partition) {
    return catalog
        .jdbc
        .sql(
            "SELECT unit_key FROM run_unit WHERE run_id = ? AND partition_no = ? ORDER BY unit_key")
        .params(run, partition)
        .query(String.class)
        .list();
  }
}
