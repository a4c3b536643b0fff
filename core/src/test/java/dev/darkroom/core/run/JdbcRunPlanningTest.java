package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.testsupport.PostgresExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcRunPlanningTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  CatalogFixture catalog;

  @BeforeEach
  void setUp() {
    catalog = new CatalogFixture(db.dataSource());
  }

  @Test
  void collectionIsSnapshottedIntoPartitionsOfKeyOrderedUnits() {
    List<Long> members = catalog.assets(7);
    long collection = catalog.staticCollection(members);
    long runId =
        catalog.run(RunRequest.collection("images-basic", collection, RunPolicy.production(), "t"));

    PlanResult plan = catalog.planning(3).plan(runId);

    assertThat(plan).isEqualTo(new PlanResult(runId, 3, 7));
    assertThat(catalog.unitAssets(runId)).containsExactlyElementsOf(members);
    List<Map<String, Object>> rows =
        catalog
            .jdbc
            .sql(
                "SELECT unit_key, asset_id, partition_no, status FROM run_unit WHERE run_id = ?"
                    + " ORDER BY unit_key")
            .param(runId)
            .query()
            .listOfRows();
    assertThat(rows.get(0).get("unit_key")).isEqualTo(String.format("%019d", members.get(0)));
    assertThat(rows).extracting(r -> r.get("partition_no")).containsExactly(0, 0, 0, 1, 1, 1, 2);
    assertThat(rows).extracting(r -> r.get("status")).containsOnly("PENDING");
    assertThat(catalog.partitions.list(runId))
        .extracting(RunPartition::partitionNo, RunPartition::unitsTotal, RunPartition::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 3L, PartitionStatus.PENDING),
            org.assertj.core.groups.Tuple.tuple(1, 3L, PartitionStatus.PENDING),
            org.assertj.core.groups.Tuple.tuple(2, 1L, PartitionStatus.PENDING));
    assertThat(catalog.runs.get(runId).unitsTotal()).isEqualTo(7);
    assertThat(catalog.runs.get(runId).status()).isEqualTo(RunStatus.PLANNING);
  }

  @Test
  void aRunIsCutForTheSlotsOfTheLauncherItRunsOn() {
    long collection = catalog.staticCollection(catalog.assets(300));
    JdbcRunPlanning planning =
        new JdbcRunPlanning(
            catalog.jdbc, catalog.transaction, catalog.runs, catalog.partitions, 2000, 20);
    // 2 in-process threads, 3 worker JVMs; a run that names no launcher runs on the default
    java.util.function.ToIntFunction<String> slots =
        launcher -> launcher == null || launcher.equals("in-process") ? 2 : 3;

    long inProcess =
        catalog.run(RunRequest.collection("p", collection, RunPolicy.production(), "t"));
    catalog.runs.setLauncher(inProcess, "in-process");
    long process = catalog.run(RunRequest.collection("p", collection, RunPolicy.production(), "t"));
    catalog.runs.setLauncher(process, "process");
    long unnamed = catalog.run(RunRequest.collection("p", collection, RunPolicy.production(), "t"));

    assertThat(planning.plan(inProcess, slots)).isEqualTo(new PlanResult(inProcess, 2, 300));
    assertThat(planning.plan(process, slots)).isEqualTo(new PlanResult(process, 3, 300));
    assertThat(catalog.partitions.list(process))
        .extracting(RunPartition::unitsTotal)
        .containsExactly(100L, 100L, 100L);
    assertThat(planning.plan(unnamed, slots)).isEqualTo(new PlanResult(unnamed, 2, 300));
    // planned runs keep their plan whatever is asked later
    assertThat(planning.plan(process, 1)).isEqualTo(new PlanResult(process, 3, 300));
  }

  @Test
  void aLauncherWithoutSlotsIsRefusedBeforeAnythingIsPlanned() {
    long collection = catalog.staticCollection(catalog.assets(3));
    long runId = catalog.run(RunRequest.collection("p", collection, RunPolicy.production(), "t"));

    assertThatThrownBy(() -> catalog.planning(3).plan(runId, launcher -> 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one slot");
    assertThat(catalog.unitAssets(runId)).isEmpty();
  }

  @Test
  void aSmallRunIsCutIntoAsManyPartitionsAsMayRunAtOnce() {
    long small = catalog.staticCollection(catalog.assets(116));
    long tiny = catalog.staticCollection(catalog.assets(30));
    long few = catalog.staticCollection(catalog.assets(12));
    JdbcRunPlanning planning =
        new JdbcRunPlanning(
            catalog.jdbc, catalog.transaction, catalog.runs, catalog.partitions, 2000, 20);

    long smallRun = catalog.run(RunRequest.collection("p", small, RunPolicy.production(), "t"));
    long tinyRun = catalog.run(RunRequest.collection("p", tiny, RunPolicy.production(), "t"));
    long fewRun = catalog.run(RunRequest.collection("p", few, RunPolicy.production(), "t"));

    // 116 units on 2 slots: two partitions of 58, not one of 116
    assertThat(planning.plan(smallRun, 2)).isEqualTo(new PlanResult(smallRun, 2, 116));
    assertThat(catalog.units.counts(smallRun, 0).total()).isEqualTo(58);
    assertThat(catalog.units.counts(smallRun, 1).total()).isEqualTo(58);
    // 30 units on 4 slots: never below the minimum partition size of 20
    assertThat(planning.plan(tinyRun, 4)).isEqualTo(new PlanResult(tinyRun, 2, 30));
    assertThat(catalog.units.counts(tinyRun, 0).total()).isEqualTo(20);
    // too few units to split
    assertThat(planning.plan(fewRun, 4)).isEqualTo(new PlanResult(fewRun, 1, 12));
  }

  @Test
  void aLargeRunGetsFewerLargerPartitionsSoItsHistoryStaysSmall() {
    // given 300 units at partition size 5: 60 partitions of 5 without growth
    long large = catalog.staticCollection(catalog.assets(300));
    long runId = catalog.run(RunRequest.collection("p", large, RunPolicy.production(), "t"));
    JdbcRunPlanning planning =
        new JdbcRunPlanning(
            catalog.jdbc, catalog.transaction, catalog.runs, catalog.partitions, 5, 1);

    // when
    PlanResult plan = planning.plan(runId, 2);

    // then 20 partitions' worth (100 units) is exceeded: ceil(sqrt(300 * 5 / 20)) = 9 a partition
    assertThat(PartitionSizing.adaptive(5, 1).size(300, 2)).isEqualTo(9);
    assertThat(plan).isEqualTo(new PlanResult(runId, 34, 300));
    assertThat(catalog.units.counts(runId, 0).total()).isEqualTo(9);
    assertThat(catalog.units.counts(runId, 33).total()).isEqualTo(3);
  }

  @Test
  void planningAgainReturnsTheExistingPlanAndAddsNothing() {
    long collection = catalog.staticCollection(catalog.assets(4));
    long runId =
        catalog.run(RunRequest.collection("images-basic", collection, RunPolicy.production(), "t"));
    PlanResult first = catalog.planning(2).plan(runId);
    catalog.staticCollection(catalog.assets(3)); // the catalog changes meanwhile

    PlanResult again = catalog.planning(2).plan(runId);

    assertThat(again).isEqualTo(first);
    assertThat(catalog.units.counts(runId).total()).isEqualTo(4);
  }

  @Test
  void sandboxSampleIsDeterministicForASeed() {
    long collection = catalog.staticCollection(catalog.assets(40));
    JdbcRunPlanning planning = catalog.planning(5);

    long a = catalog.run(RunRequest.collection("p", collection, RunPolicy.sandbox(10, 42), "t"));
    long b = catalog.run(RunRequest.collection("p", collection, RunPolicy.sandbox(10, 42), "t"));
    long c = catalog.run(RunRequest.collection("p", collection, RunPolicy.sandbox(10, 7), "t"));
    planning.plan(a);
    planning.plan(b);
    planning.plan(c);

    assertThat(catalog.unitAssets(a)).hasSize(10).isEqualTo(catalog.unitAssets(b));
    assertThat(catalog.unitAssets(c)).hasSize(10).isNotEqualTo(catalog.unitAssets(a));
    assertThat(catalog.partitions.count(a)).isEqualTo(2);
  }

  @Test
  void sandboxFractionIsRoundedUp() {
    long collection = catalog.staticCollection(catalog.assets(9));
    long runId =
        catalog.run(
            RunRequest.collection("p", collection, RunPolicy.sandboxFraction(0.25, 1), "t"));

    PlanResult plan = catalog.planning(100).plan(runId);

    assertThat(plan.units()).isEqualTo(3);
  }

  @Test
  void rerunFailedCreatesUnitsOnlyForTheFailedUnitsOfTheEarlierRun() {
    List<Long> members = catalog.assets(5);
    long collection = catalog.staticCollection(members);
    long first = catalog.run(RunRequest.collection("p", collection, RunPolicy.production(), "t"));
    catalog.planning(10).plan(first);
    catalog.units.markDone(
        first, List.of(key(members.get(0)), key(members.get(2)), key(members.get(4))), 1);
    catalog.units.markFailed(first, key(members.get(1)), "cannot decode image: x", 1);
    catalog.units.markFailed(first, key(members.get(3)), "truncated", 3);

    long rerun = catalog.run(RunRequest.rerunFailed("p", first, RunPolicy.production(), "t"));
    PlanResult plan = catalog.planning(10).plan(rerun);

    assertThat(plan.units()).isEqualTo(2);
    assertThat(catalog.unitAssets(rerun)).containsExactly(members.get(1), members.get(3));
    assertThat(catalog.runs.get(rerun).rerunOf()).isEqualTo(first);
  }

  @Test
  void allAssetsLeavesOutAssetsWhoseOriginalIsGone() {
    List<Long> assets = catalog.assets(2);
    catalog
        .jdbc
        .sql(
            "UPDATE asset_location SET gone_at = now(), gone_reason = 'VANISHED' WHERE asset_id = ?")
        .param(assets.get(1))
        .update();
    long runId = catalog.run(RunRequest.allAssets("p", RunPolicy.production(), "t"));

    catalog.planning(1000).plan(runId);

    assertThat(catalog.unitAssets(runId)).contains(assets.get(0)).doesNotContain(assets.get(1));
  }

  @Test
  void planningAnUnknownRunIsATypedError() {
    assertThatThrownBy(() -> catalog.planning(10).plan(999_999))
        .isInstanceOf(UnknownRunException.class)
        .hasMessageContaining("999999");
  }

  static String key(long assetId) {
    return String.format("%019d", assetId);
  }
}
