package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.testsupport.PostgresExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Runs scoped by a query or a dynamic collection: checked when created, evaluated when planned. */
class RunQueryScopeTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  CatalogFixture catalog;
  CollectionRepository collections;

  @BeforeEach
  void setUp() {
    catalog = new CatalogFixture(db.dataSource());
    collections =
        new CollectionRepository(catalog.jdbc, new DataSourceTransactionManager(db.dataSource()));
    type = "image/x-test-" + TYPES.incrementAndGet();
  }

  // The test methods share one database: each one looks for a media type of its own.
  static final AtomicInteger TYPES = new AtomicInteger();

  String type;

  /** {@code count} new assets of this test's media type (the fixture's others are JPEGs). */
  List<Long> pngs(int count) {
    List<Long> ids = catalog.assets(count);
    catalog
        .jdbc
        .sql("UPDATE asset SET media_type = ? WHERE id = ANY(?)")
        .params(type, ids.toArray(Long[]::new))
        .update();
    return ids;
  }

  void gone(long assetId) {
    catalog
        .jdbc
        .sql(
            "UPDATE asset_location SET gone_at = now(), gone_reason = 'VANISHED' WHERE asset_id = ?")
        .param(assetId)
        .update();
  }

  @Test
  void aQueryScopeSnapshotsTheMatchingAssetsThatHaveALiveLocation() {
    List<Long> jpegs = catalog.assets(3);
    List<Long> pngs = pngs(4);
    gone(pngs.get(3));
    long runId =
        catalog.run(RunRequest.query("images-basic", "type:" + type, RunPolicy.production(), "t"));

    PlanResult plan = catalog.planning(2).plan(runId);

    assertThat(catalog.unitAssets(runId)).containsExactlyElementsOf(pngs.subList(0, 3));
    assertThat(catalog.unitAssets(runId)).doesNotContainAnyElementsOf(jpegs);
    assertThat(plan.partitions()).isEqualTo(2);
    assertThat(catalog.runs.get(runId).collectionQuery()).isEqualTo("type:" + type);
  }

  @Test
  void theQueryIsEvaluatedOnceWhenTheRunIsPlanned() {
    List<Long> before = pngs(2);
    long runId =
        catalog.run(RunRequest.query("images-basic", "type:" + type, RunPolicy.production(), "t"));
    catalog.planning(10).plan(runId);
    pngs(3); // matching assets catalogued after planning

    PlanResult again = catalog.planning(10).plan(runId);

    assertThat(again.units()).isEqualTo(2);
    assertThat(catalog.unitAssets(runId)).containsExactlyElementsOf(before);
  }

  @Test
  void aSandboxSamplesTheQueryScope() {
    List<Long> pngs = pngs(6);
    catalog.assets(4);
    long runId =
        catalog.run(RunRequest.query("images-basic", "type:" + type, RunPolicy.sandbox(3, 7), "t"));

    catalog.planning(10).plan(runId);

    assertThat(catalog.unitAssets(runId)).hasSize(3).isSubsetOf(pngs);
  }

  @Test
  void aQueryThatDoesNotParseIsRefusedWhenTheRunIsCreatedAndNothingIsWritten() {
    long runsBefore = catalog.jdbc.sql("SELECT count(*) FROM run").query(Long.class).single();

    assertThatThrownBy(
            () ->
                catalog.run(
                    RunRequest.query("images-basic", "taken:20x9", RunPolicy.production(), "t")))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasCauseInstanceOf(QueryParseException.class)
        .hasMessage(
            "the run's query is not valid: at column 6: expected a date like 2019-01 after"
                + " \"taken:\", found \"20x9\"");
    assertThat(catalog.jdbc.sql("SELECT count(*) FROM run").query(Long.class).single())
        .isEqualTo(runsBefore);
  }

  @Test
  void aDynamicCollectionIsEvaluatedWhenTheRunIsPlanned() {
    AssetCollection dynamic =
        collections.createDynamic(
            "pngs " + System.nanoTime(), null, AssetQuery.parse("type:" + type));
    List<Long> pngs = pngs(2);
    catalog.assets(2);
    long runId =
        catalog.run(
            RunRequest.collection("images-basic", dynamic.id(), RunPolicy.production(), "t"));

    catalog.planning(10).plan(runId);

    assertThat(catalog.unitAssets(runId)).containsExactlyElementsOf(pngs);
  }

  @Test
  void anUnknownCollectionIsRefusedWhenTheRunIsCreated() {
    assertThatThrownBy(
            () ->
                catalog.run(
                    RunRequest.collection("images-basic", 987_654, RunPolicy.production(), "t")))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasMessage("no collection with id 987654");
  }
}
