package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The queries the dashboard and the API read runs with. */
class RunReadQueriesTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  CatalogFixture catalog;

  @BeforeEach
  void setUp() {
    catalog = new CatalogFixture(db.dataSource());
  }

  @Test
  void countsComeByPartitionAndByRunInOneQueryEach() {
    List<Long> assets = catalog.assets(5);
    long first = planned(2, assets);
    long second = planned(2, assets);
    List<String> keys = keys(first);
    catalog.units.finish(
        first,
        List.of(
            UnitUpdate.done(keys.get(0), 1),
            UnitUpdate.failed(keys.get(1), "thumbnail: broken", 1),
            UnitUpdate.skipped(keys.get(2), "not an image", 1)));

    Map<Integer, UnitCounts> byPartition = catalog.units.countsByPartition(first);
    Map<Long, UnitCounts> byRun = catalog.units.countsByRun(List.of(first, second, 999L));

    assertThat(byPartition.keySet()).containsExactly(0, 1, 2);
    assertThat(byPartition.get(0)).isEqualTo(new UnitCounts(2, 0, 0, 1, 1, 0));
    assertThat(byPartition.get(1).skipped()).isEqualTo(1);
    assertThat(byRun.get(first).done() + byRun.get(first).failed() + byRun.get(first).skipped())
        .isEqualTo(3);
    assertThat(byRun.get(second).pending()).isEqualTo(byRun.get(second).total());
    assertThat(byRun).doesNotContainKey(999L);
    assertThat(catalog.units.countsByRun(List.of())).isEmpty();
  }

  @Test
  void finishedUnitsAreCountedSinceAnInstantAndPerTimeBucket() {
    long run = planned(100, catalog.assets(6));
    List<String> keys = keys(run);
    catalog.units.markDone(run, keys.subList(0, 6), 1);
    Instant origin = Instant.parse("2026-01-01T10:00:00Z");
    // Three units in the first 10 s bucket, one in the second, two in the fourth.
    int[] offsets = {1, 4, 9, 12, 31, 39};
    for (int i = 0; i < offsets.length; i++) {
      catalog
          .jdbc
          .sql("UPDATE run_unit SET updated_at = ? WHERE run_id = ? AND unit_key = ?")
          .params(java.sql.Timestamp.from(origin.plusSeconds(offsets[i])), run, keys.get(i))
          .update();
    }

    List<FinishedBucket> buckets =
        catalog.units.finishedPerBucket(run, origin, Duration.ofSeconds(10));

    assertThat(buckets)
        .containsExactly(
            new FinishedBucket(origin, 3),
            new FinishedBucket(origin.plusSeconds(10), 1),
            new FinishedBucket(origin.plusSeconds(30), 2));
    assertThat(catalog.units.finishedSince(run, origin.plusSeconds(10))).isEqualTo(3);
    assertThat(catalog.units.finishedSince(run, origin.plus(1, ChronoUnit.HOURS))).isZero();
  }

  @Test
  void failedUnitsComeWithThePathOfTheirOriginal() {
    List<Long> assets = catalog.assets(3);
    long run = planned(100, assets);
    List<String> keys = keys(run);
    catalog.units.markFailed(run, keys.get(0), "thumbnail: truncated", 3);
    catalog.units.markFailed(run, keys.get(2), "thumbnail: empty", 1);
    catalog
        .jdbc
        .sql(
            "UPDATE asset_location SET gone_at = now(), gone_reason = 'VANISHED' WHERE asset_id = ?")
        .param(assets.get(2))
        .update();

    List<LocatedFailedUnit> first = catalog.units.failedWithLocation(run, "", 1);
    List<LocatedFailedUnit> rest = catalog.units.failedWithLocation(run, keys.get(0), 10);

    assertThat(first).hasSize(1);
    assertThat(first.get(0).unit().error()).isEqualTo("thumbnail: truncated");
    assertThat(first.get(0).unit().attempts()).isEqualTo(3);
    assertThat(first.get(0).root()).startsWith("root-");
    assertThat(first.get(0).relPath()).startsWith("file-");
    assertThat(rest).hasSize(1);
    assertThat(rest.get(0).unit().assetId()).isEqualTo(assets.get(2));
    assertThat(rest.get(0).relPath()).as("the last known path of a vanished file").isNotNull();
  }

  @Test
  void runsArePagedNewestFirstByStatusAndPipeline() {
    long a = catalog.run(RunRequest.allAssets("images-basic", RunPolicy.production(), "t"));
    long b = catalog.run(RunRequest.allAssets("video", RunPolicy.production(), "t"));
    long c = catalog.run(RunRequest.allAssets("images-basic", RunPolicy.production(), "t"));
    catalog.runs.transition(c, RunStatus.FAILED, "no");

    assertThat(catalog.runs.page(null, null, null, 2)).extracting(Run::id).containsExactly(c, b);
    assertThat(catalog.runs.page(null, null, b, 10)).extracting(Run::id).startsWith(a);
    assertThat(catalog.runs.page(null, "images-basic", null, 10))
        .extracting(Run::id)
        .startsWith(c, a)
        .doesNotContain(b);
    assertThat(catalog.runs.page(RunStatus.FAILED, "images-basic", null, 10))
        .extracting(Run::id)
        .containsExactly(c);
  }

  /** A planned run over exactly {@code assets}. */
  private long planned(int partitionSize, List<Long> assets) {
    long run =
        catalog.run(
            RunRequest.collection(
                "images-basic", catalog.staticCollection(assets), RunPolicy.production(), "t"));
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
}
