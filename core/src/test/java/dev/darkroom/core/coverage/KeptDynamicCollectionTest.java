package dev.darkroom.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.asset.AssetMetadataRepository;
import dev.darkroom.core.collection.CollectionMembership;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.testsupport.CoverageCounterCheck;
import dev.darkroom.testsupport.PostgresExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dynamic collections that keep their members (V93, ADR 0034), over real PostgreSQL: after every
 * kind of change and a drain, each one's coverage read from the collection counters equals the
 * coverage counted from its query's matches now, and every counter equals a recount.
 */
class KeptDynamicCollectionTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static final AtomicLong SEQUENCE = new AtomicLong();
  static final String H1 = "1".repeat(64);
  static final int BATCH = 3; // small, so fills and drains take several batches

  JdbcClient jdbc;
  DataSourceTransactionManager transactions;
  CoverageRepository coverage;
  CollectionRepository collections;
  CollectionMembership membership;
  AssetMetadataRepository metadata;
  long rootId;
  long runId;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(db.dataSource());
    transactions = new DataSourceTransactionManager(db.dataSource());
    coverage = new CoverageRepository(jdbc);
    collections = new CollectionRepository(jdbc, transactions);
    membership = new CollectionMembership(jdbc, transactions);
    metadata = new AssetMetadataRepository(jdbc);
    jdbc.sql(
            "TRUNCATE coverage_state, coverage_asset, coverage_tally, coverage_media, run_step,"
                + " asset_kind, asset_kind_tally, collection_coverage_media,"
                + " collection_coverage_tally, coverage_media_tally, coverage_failed_runs,"
                + " collection_coverage_failed_runs, collection_touch,"
                + " collection_member, collection, run_unit, run_partition, lineage_input,"
                + " lineage, artifact, run, asset_location, asset, archive_root CASCADE")
        .update();
    rootId =
        jdbc.sql("INSERT INTO archive_root (name, path) VALUES ('r', '/archive/r') RETURNING id")
            .query(Long.class)
            .single();
    runId =
        new RunRepository(jdbc)
            .create(RunRequest.allAssets("p", RunPolicy.production(), "t"), "1", Map.of());
    coverage.pin(
        List.of(
            new CoverageStep("thumbnail", "thumbnail", "1", H1, List.of("image/*")),
            new CoverageStep("exif", "exif", "1", H1, List.of("image/jpeg"))));
  }

  @Test
  void keptCountsEqualARecountAfterScansMovesDeletionsRunsWithFailuresAndReruns() {
    // given: Canon and Nikon JPEGs, PNGs and a text file, some thumbnails
    List<Long> canon = assets("image/jpeg", 4);
    List<Long> nikon = assets("image/jpeg", 3);
    List<Long> pngs = assets("image/png", 2);
    long text = assets("text/plain", 1).get(0);
    camera(canon, "Canon", "EOS 5D");
    camera(nikon, "Nikon", "D850");
    artifact(canon.get(0), "thumbnail");
    coverage.record(runId, List.of(StepOutcome.produced(canon.get(0), "thumbnail", "1", H1)));
    Map<String, Long> kept = new LinkedHashMap<>();
    for (String q :
        List.of(
            "camera:canon",
            "camera:\"Canon EOS\" failed:thumbnail",
            "type:image -has:thumbnail",
            "missing:thumbnail",
            "path:moved",
            "failed:thumbnail OR stale:thumbnail")) {
      kept.put(q, collections.createDynamic("q " + q, null, AssetQuery.parse(q)).id());
    }
    long byType = collections.createDynamic("images", null, AssetQuery.parse("type:image")).id();

    // then: before the fill, the maps are counted now and say the membership is being filled
    for (long id : kept.values()) {
      CoverageMap map = coverage.collectionMap(id);
      assertThat(map.basis()).isEqualTo(CoverageBasis.COUNTED);
      assertThat(map.membership()).isNotNull();
      assertThat(map.membership().filling()).isTrue();
    }
    assertThat(coverage.collectionMap(byType).basis()).isEqualTo(CoverageBasis.COUNTERS);
    assertThat(coverage.collectionMap(byType).membership()).isNull();

    // when: filled
    catchUp();
    // then
    assertKeptMatchTheirQueries(kept);
    assertThat(members(kept.get("camera:canon"))).containsExactlyElementsOf(canon);
    assertThat(
            jdbc.sql("SELECT membership FROM collection WHERE id = ?")
                .param(byType)
                .query((rs, row) -> java.util.Optional.ofNullable(rs.getString(1)))
                .single())
        .isEmpty();

    // when: a run fails two thumbnails and produces others (with artifacts), a new scan finds a
    // Canon file, one Nikon is re-extracted as a Canon
    coverage.record(
        runId,
        List.of(
            StepOutcome.failed(canon.get(1), "thumbnail", "1", H1, "truncated"),
            StepOutcome.failed(nikon.get(0), "thumbnail", "1", H1, "not a JPEG"),
            StepOutcome.produced(pngs.get(0), "thumbnail", "0", H1),
            StepOutcome.produced(canon.get(2), "thumbnail", "1", H1)));
    artifact(pngs.get(0), "thumbnail");
    artifact(canon.get(2), "thumbnail");
    long found = assets("image/jpeg", 1).get(0);
    camera(List.of(found), "Canon", "EOS R5");
    camera(List.of(nikon.get(1)), "Canon", "EOS 80D");
    // then: the kept maps say changes are pending until drained, then match again
    CoverageMap before = coverage.collectionMap(kept.get("camera:canon"));
    assertThat(before.basis()).isEqualTo(CoverageBasis.KEPT);
    assertThat(before.membership().pendingChanges()).isPositive();
    catchUp();
    assertKeptMatchTheirQueries(kept);
    assertThat(members(kept.get("camera:\"Canon EOS\" failed:thumbnail")))
        .containsExactly(canon.get(1));

    // when: a Canon file moves (new path, old one closes), another is deleted, the text comes back
    location(canon.get(3), "moved/" + canon.get(3) + ".jpg");
    close(canon.get(3), "file-" + canon.get(3) + ".jpg");
    close(canon.get(1), "file-" + canon.get(1) + ".jpg");
    // (a deleted file without any coverage state: only its location's update says it went)
    close(nikon.get(2), "file-" + nikon.get(2) + ".jpg");
    close(text, "file-" + text + ".jpg");
    location(text, "back/" + text + ".txt");
    catchUp();
    // then
    assertKeptMatchTheirQueries(kept);
    assertThat(members(kept.get("path:moved"))).containsExactly(canon.get(3));
    assertThat(members(kept.get("camera:canon"))).doesNotContain(canon.get(1));
    assertThat(members(kept.get("missing:thumbnail"))).doesNotContain(nikon.get(2));

    // when: a rerun fixes one failure, the deleted file comes back with its failure, an artifact
    // is deleted
    // (and a thumbnail made before fails now: a state change without any artifact written)
    coverage.record(
        runId,
        List.of(
            StepOutcome.produced(nikon.get(0), "thumbnail", "1", H1),
            StepOutcome.failed(canon.get(2), "thumbnail", "1", H1, "disk full")));
    artifact(nikon.get(0), "thumbnail");
    location(canon.get(1), "back/" + canon.get(1) + ".jpg");
    jdbc.sql("DELETE FROM artifact WHERE asset_id = ?").param(canon.get(0)).update();
    catchUp();
    // then
    assertKeptMatchTheirQueries(kept);
    assertThat(members(kept.get("camera:\"Canon EOS\" failed:thumbnail")))
        .containsExactly(canon.get(1), canon.get(2));
  }

  @Test
  void anEditedQueryAVersionBumpAndAnExpiredArtifactRefillOrRequeue() throws Exception {
    List<Long> canon = assets("image/jpeg", 3);
    List<Long> nikon = assets("image/jpeg", 2);
    camera(canon, "Canon", "EOS 5D");
    camera(nikon, "Nikon", "D850");
    coverage.record(runId, List.of(StepOutcome.produced(canon.get(0), "thumbnail", "1", H1)));
    long cameras =
        collections.createDynamic("cameras", null, AssetQuery.parse("camera:canon")).id();
    long current =
        collections.createDynamic("current", null, AssetQuery.parse("current:thumbnail")).id();
    long lacking =
        collections
            .createDynamic("lacking", null, AssetQuery.parse("type:image -has:thumbnail"))
            .id();
    catchUp();
    assertThat(members(cameras)).containsExactlyElementsOf(canon);
    assertThat(members(current)).containsExactly(canon.get(0));

    // when: the query is edited
    collections.changeQuery(cameras, AssetQuery.parse("camera:nikon"));
    // then: counted until refilled, then kept with the new members
    assertThat(coverage.collectionMap(cameras).basis()).isEqualTo(CoverageBasis.COUNTED);
    assertThat(coverage.collectionMap(cameras).membership().filling()).isTrue();
    catchUp();
    assertThat(coverage.collectionMap(cameras).basis()).isEqualTo(CoverageBasis.KEPT);
    assertThat(members(cameras)).containsExactlyElementsOf(nikon);

    // when: the thumbnail tool's version is bumped (no asset changes)
    coverage.pin(
        List.of(
            new CoverageStep("thumbnail", "thumbnail", "2", H1, List.of("image/*")),
            new CoverageStep("exif", "exif", "1", H1, List.of("image/jpeg"))));
    // then: the collection reading coverage states is filled again, the camera one is not
    assertThat(coverage.collectionMap(current).basis()).isEqualTo(CoverageBasis.COUNTED);
    assertThat(coverage.collectionMap(cameras).basis()).isEqualTo(CoverageBasis.KEPT);
    catchUp();
    assertThat(members(current)).isEmpty();

    // when: a sandbox thumbnail that expires in a moment is written for a Canon
    jdbc.sql(
            "INSERT INTO artifact (kind, asset_id, run_id, unit_key, inline_value, expires_at)"
                + " VALUES ('thumbnail', ?, ?, 'u', '{}', now() + interval '1 second')")
        .params(canon.get(1), runId)
        .update();
    catchUp();
    assertThat(members(lacking)).doesNotContain(canon.get(1));
    // then: once it has expired, the next drain puts the asset back, without any row changing
    Thread.sleep(1_200);
    catchUp();
    assertThat(members(lacking)).contains(canon.get(1));
    assertKeptMatchTheirQueries(
        Map.of(
            "camera:nikon", cameras,
            "current:thumbnail", current,
            "type:image -has:thumbnail", lacking));
  }

  @Test
  void theDrainIsIdempotentRestartableAndRunsOnOneServerAtATime() throws Exception {
    List<Long> canon = assets("image/jpeg", 4);
    camera(canon, "Canon", "EOS 5D");
    long cameras =
        collections.createDynamic("cameras", null, AssetQuery.parse("camera:canon")).id();
    catchUp();
    camera(List.of(canon.get(0)), "Nikon", "D850");
    long pending = membership.pending(1000);
    assertThat(pending).isPositive();

    // when: a drain's transaction fails after taking the queue (a crash)
    TransactionTemplate outer = new TransactionTemplate(transactions);
    outer.executeWithoutResult(
        status -> {
          assertThat(membership.drain(1000)).isPositive();
          status.setRollbackOnly();
        });
    // then: nothing was applied and nothing was lost
    assertThat(membership.pending(1000)).isEqualTo(pending);
    assertThat(members(cameras)).containsExactlyElementsOf(canon);

    // when: another server holds the lock
    try (Connection other = db.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (Statement st = other.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(" + 0x44524b4d454d42L + ")");
      }
      // then: this one does nothing
      assertThat(membership.drain(1000)).isZero();
      assertThat(membership.pending(1000)).isEqualTo(pending);
      other.rollback();
    }

    // when: drained, and drained again
    catchUp();
    String versions = memberRowVersions(cameras);
    assertThat(membership.catchUp(BATCH, 100)).isZero();
    // then: the second drain changed nothing
    assertThat(memberRowVersions(cameras)).isEqualTo(versions);
    assertThat(members(cameras)).containsExactlyElementsOf(canon.subList(1, 4));
    assertKeptMatchTheirQueries(Map.of("camera:canon", cameras));

    // when: a full refill of an already-kept collection (re-evaluating everything again)
    jdbc.sql("UPDATE collection SET membership = 'FILLING', fill_after = 0 WHERE id = ?")
        .param(cameras)
        .update();
    catchUp();
    // then: the same rows, untouched
    assertThat(memberRowVersions(cameras)).isEqualTo(versions);
  }

  @Test
  void aDrainGivesWayToAChunkHoldingAnAssetItNeedsInsteadOfWaitingForIt() throws Exception {
    List<Long> canon = assets("image/jpeg", 3);
    camera(canon, "Canon", "EOS 5D");
    long cameras =
        collections.createDynamic("cameras", null, AssetQuery.parse("camera:canon")).id();
    catchUp();
    List<Long> more = assets("image/jpeg", 2);
    coverage.record(
        runId,
        List.of(
            StepOutcome.produced(more.get(0), "thumbnail", "1", H1),
            StepOutcome.produced(more.get(1), "thumbnail", "1", H1)));
    camera(more, "Canon", "EOS R5");
    long pending = membership.pending(1000);

    // given: a run's chunk that holds one of those assets' coverage rows, as its coverage
    // statement does until it commits
    java.util.concurrent.ExecutorService drainer =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Connection chunk = db.dataSource().getConnection()) {
      chunk.setAutoCommit(false);
      try (Statement st = chunk.createStatement()) {
        st.execute("SELECT 1 FROM coverage_asset WHERE asset_id = " + more.get(1) + " FOR SHARE");
      }
      // when: the drain needs that row for the new member
      java.util.concurrent.Future<Integer> drain = drainer.submit(() -> membership.drain(1000));

      // then: it gives up within its lock wait instead of holding its locks while it waits
      assertThatThrownBy(() -> drain.get(10, java.util.concurrent.TimeUnit.SECONDS))
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .satisfies(e -> assertThat(CollectionMembership.gaveWay(e)).as("gave way").isTrue());
      // and: nothing was applied, nothing lost
      assertThat(membership.pending(1000)).isEqualTo(pending);
      assertThat(members(cameras)).containsExactlyElementsOf(canon);
      chunk.commit();
    } finally {
      drainer.shutdownNow();
    }

    // when: the chunk has committed, the next pass applies the changes
    catchUp();
    List<Long> all = new ArrayList<>(canon);
    all.addAll(more);
    assertThat(members(cameras)).containsExactlyElementsOf(all);
    assertKeptMatchTheirQueries(Map.of("camera:canon", cameras));
  }

  private void catchUp() {
    membership.catchUp(BATCH, 10_000);
    assertThat(membership.pending(1000)).isZero();
  }

  /**
   * Every kept collection's map, read from the collection counters, equals the map counted from its
   * query's matches now; its members are exactly those matches; every counter equals a recount.
   */
  private void assertKeptMatchTheirQueries(Map<String, Long> kept) {
    for (Map.Entry<String, Long> e : kept.entrySet()) {
      CoverageMap map = coverage.collectionMap(e.getValue());
      assertThat(map.basis()).as(e.getKey()).isEqualTo(CoverageBasis.KEPT);
      assertThat(map.membership().pendingChanges()).as(e.getKey()).isZero();
      assertThat(map.steps())
          .as(e.getKey())
          .isEqualTo(coverage.scoped(AssetQuery.parse(e.getKey()).liveAssetIds()));
      assertThat(members(e.getValue())).as(e.getKey()).isEqualTo(search(e.getKey()));
    }
    CoverageCounterCheck.assertCountersMatchRecount(db.dataSource());
  }

  private List<Long> members(long collection) {
    return jdbc.sql(
            "SELECT asset_id FROM collection_member WHERE collection_id = ? ORDER BY asset_id")
        .param(collection)
        .query(Long.class)
        .list();
  }

  private String memberRowVersions(long collection) {
    return jdbc.sql(
            "SELECT string_agg(xmin::text, ',' ORDER BY asset_id) FROM collection_member"
                + " WHERE collection_id = ?")
        .param(collection)
        .query(String.class)
        .single();
  }

  private List<Long> search(String query) {
    var ids = AssetQuery.parse(query).liveAssetIds();
    return jdbc.sql(ids.sql() + " ORDER BY a.id").params(ids.params()).query(Long.class).list();
  }

  private void camera(List<Long> ids, String make, String model) {
    Map<Long, AssetMetadata> byAsset = new LinkedHashMap<>();
    for (long id : ids) {
      byAsset.put(
          id, new AssetMetadata(null, make, model, null, null, null, null, null, null, null));
    }
    metadata.updateAll(byAsset);
  }

  private void artifact(long assetId, String kind) {
    jdbc.sql(
            "INSERT INTO artifact (kind, asset_id, run_id, unit_key, inline_value)"
                + " VALUES (?, ?, ?, ?, '{}')")
        .params(kind, assetId, runId, "u" + SEQUENCE.incrementAndGet())
        .update();
  }

  private List<Long> assets(String mediaType, int count) {
    return new CatalogRows(jdbc, rootId).assets(mediaType, count);
  }

  private void location(long assetId, String path) {
    new CatalogRows(jdbc, rootId).location(assetId, path);
  }

  private void close(long assetId, String path) {
    new CatalogRows(jdbc, rootId).close(assetId, path);
  }
}
