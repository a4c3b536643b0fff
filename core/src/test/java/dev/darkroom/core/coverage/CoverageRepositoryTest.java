package dev.darkroom.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The maintained coverage counters against a recount from scratch, over real PostgreSQL: after
 * recorded outcomes, moves, deletions, returns and a tool version bump.
 */
class CoverageRepositoryTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static final AtomicLong SEQUENCE = new AtomicLong();
  static final String H1 = "1".repeat(64);
  static final String H2 = "2".repeat(64);

  JdbcClient jdbc;
  CoverageRepository coverage;
  long rootId;
  long runId;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(db.dataSource());
    coverage = new CoverageRepository(jdbc);
    // Each test starts from an empty catalog: the counters are global.
    jdbc.sql(
            "TRUNCATE coverage_state, coverage_asset, coverage_tally, coverage_media, run_step,"
                + " asset_kind, asset_kind_tally, collection_coverage_media,"
                + " collection_coverage_tally, coverage_media_tally, coverage_failed_runs,"
                + " collection_coverage_failed_runs,"
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
  void newAssetsAreMissingAndOtherMediaTypesNotApplicable() {
    assets("image/jpeg", 3);
    assets("image/png", 2);
    assets("text/plain", 1);

    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(0, 0, 5, 0, 1));
    assertThat(counts("exif")).isEqualTo(new CoverageCounts(0, 0, 3, 0, 3));
    assertMatchesRecount();
  }

  @Test
  void recordedOutcomesMovesDeletionsAndAVersionBumpKeepTheCountersEqualToARecount() {
    List<Long> jpegs = assets("image/jpeg", 6);
    List<Long> pngs = assets("image/png", 2);
    List<StepOutcome> outcomes = new ArrayList<>();
    for (long id : jpegs.subList(0, 4)) {
      outcomes.add(StepOutcome.produced(id, "thumbnail", "1", H1));
      outcomes.add(StepOutcome.produced(id, "exif", "1", H1));
    }
    outcomes.add(StepOutcome.failed(jpegs.get(4), "thumbnail", "1", H1, "truncated"));
    outcomes.add(StepOutcome.produced(pngs.get(0), "thumbnail", "1", H2)); // other parameters
    coverage.record(runId, outcomes);

    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(4, 1, 2, 1, 0));
    assertThat(coverage.all().stream().filter(r -> r.step().kind().equals("thumbnail")))
        .singleElement()
        .satisfies(
            r -> assertThat(r.failedRuns()).containsExactly(new FailedRun(runId, 1, "truncated")));
    assertMatchesRecount();

    // A retry succeeds: the last attempt wins.
    coverage.record(runId, List.of(StepOutcome.produced(jpegs.get(4), "thumbnail", "1", H1)));
    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(5, 1, 2, 0, 0));

    // A move (new path first, then the old one closes) changes nothing.
    long moved = jpegs.get(0);
    location(moved, "moved/" + moved + ".jpg");
    close(moved, "file-" + moved + ".jpg");
    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(5, 1, 2, 0, 0));

    // A deletion removes the asset from coverage, with its state.
    close(jpegs.get(1), "file-" + jpegs.get(1) + ".jpg");
    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(4, 1, 2, 0, 0));
    assertThat(counts("exif")).isEqualTo(new CoverageCounts(3, 0, 2, 0, 2));
    assertMatchesRecount();

    // A version bump: every artifact of version 1 turns stale, no per-asset row is written.
    String rowVersions = stateRowVersions();
    coverage.pin(
        List.of(
            new CoverageStep("thumbnail", "thumbnail", "2", H1, List.of("image/*")),
            new CoverageStep("exif", "exif", "1", H1, List.of("image/jpeg"))));
    assertThat(stateRowVersions()).isEqualTo(rowVersions);
    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(0, 5, 2, 0, 0));
    assertThat(counts("exif")).isEqualTo(new CoverageCounts(3, 0, 2, 0, 2));
    assertMatchesRecount();
  }

  @Test
  void aCollectionCountsItsLiveMembersAndTheQueryTermsListTheSameAssets() {
    List<Long> jpegs = assets("image/jpeg", 4);
    coverage.record(
        runId,
        List.of(
            StepOutcome.produced(jpegs.get(0), "thumbnail", "1", H1),
            StepOutcome.produced(jpegs.get(1), "thumbnail", "0", H1),
            StepOutcome.failed(jpegs.get(2), "thumbnail", "1", H1, "bad")));
    long collection =
        jdbc.sql("INSERT INTO collection (name, kind) VALUES ('picks', 'STATIC') RETURNING id")
            .query(Long.class)
            .single();
    for (long id : List.of(jpegs.get(0), jpegs.get(1), jpegs.get(3))) {
      jdbc.sql("INSERT INTO collection_member VALUES (?, ?)").params(collection, id).update();
    }

    CoverageCounts picks =
        coverage.collection(collection).stream()
            .filter(r -> r.step().kind().equals("thumbnail"))
            .findFirst()
            .orElseThrow()
            .counts();

    assertThat(picks).isEqualTo(new CoverageCounts(1, 1, 1, 0, 0));
    assertThat(search("current:thumbnail")).containsExactly(jpegs.get(0));
    assertThat(search("stale:thumbnail")).containsExactly(jpegs.get(1));
    assertThat(search("failed:thumbnail")).containsExactly(jpegs.get(2));
    assertThat(search("missing:thumbnail")).containsExactly(jpegs.get(3));
    assertThat(search("collection:picks missing:thumbnail")).containsExactly(jpegs.get(3));
    assertThat(search("missing:exif")).containsExactlyElementsOf(jpegs);
  }

  @Test
  void aStaticCollectionsCountersEqualARecountAfterRunsFailuresMovesDeletionsAndMembershipEdits() {
    // given: two static collections over six JPEGs, a PNG and a text file
    List<Long> jpegs = assets("image/jpeg", 6);
    long png = assets("image/png", 1).get(0);
    long text = assets("text/plain", 1).get(0);
    long picks = staticCollection("picks");
    long other = staticCollection("other");
    members(picks, jpegs.get(0), jpegs.get(1), jpegs.get(2), png, text);
    members(other, jpegs.get(2), jpegs.get(3));
    assertCollectionsMatchRecount(picks, other);

    // when: a run records outcomes, one of them a failure, for members and non-members
    List<StepOutcome> outcomes = new ArrayList<>();
    for (long id : jpegs.subList(0, 4)) {
      outcomes.add(StepOutcome.produced(id, "thumbnail", "1", H1));
      outcomes.add(StepOutcome.produced(id, "exif", "1", H1));
    }
    outcomes.add(StepOutcome.failed(jpegs.get(4), "thumbnail", "1", H1, "truncated"));
    outcomes.add(StepOutcome.failed(png, "thumbnail", "1", H1, "bad png"));
    coverage.record(runId, outcomes);
    // then
    assertThat(collectionCounts(picks, "thumbnail")).isEqualTo(new CoverageCounts(3, 0, 0, 1, 1));
    assertCollectionsMatchRecount(picks, other);

    // when: a retry fixes the PNG, a member is added and another removed
    coverage.record(runId, List.of(StepOutcome.produced(png, "thumbnail", "1", H2)));
    members(picks, jpegs.get(4), jpegs.get(5));
    jdbc.sql("DELETE FROM collection_member WHERE collection_id = ? AND asset_id = ?")
        .params(picks, jpegs.get(0))
        .update();
    assertThat(collectionCounts(picks, "thumbnail")).isEqualTo(new CoverageCounts(2, 1, 1, 1, 1));
    assertCollectionsMatchRecount(picks, other);

    // when: a member moves, another is deleted, and a deleted one comes back
    location(jpegs.get(1), "moved/" + jpegs.get(1) + ".jpg");
    close(jpegs.get(1), "file-" + jpegs.get(1) + ".jpg");
    close(jpegs.get(2), "file-" + jpegs.get(2) + ".jpg");
    assertThat(collectionCounts(other, "thumbnail")).isEqualTo(new CoverageCounts(1, 0, 0, 0, 0));
    assertCollectionsMatchRecount(picks, other);
    location(jpegs.get(2), "back/" + jpegs.get(2) + ".jpg");
    assertCollectionsMatchRecount(picks, other);

    // when: a tool version bump (no per-asset row changes) and a collection deleted
    coverage.pin(
        List.of(
            new CoverageStep("thumbnail", "thumbnail", "2", H1, List.of("image/*")),
            new CoverageStep("exif", "exif", "1", H1, List.of("image/jpeg"))));
    assertCollectionsMatchRecount(picks, other);
    jdbc.sql("DELETE FROM collection WHERE id = ?").param(other).update();
    assertThat(
            jdbc.sql("SELECT count(*) FROM collection_coverage_tally WHERE collection_id = ?")
                .param(other)
                .query(Long.class)
                .single())
        .isZero();
    assertCollectionsMatchRecount(picks);
  }

  @Test
  void anAssetThatComesBackGetsItsProducedStateBackFromItsArtifacts() {
    long id = assets("image/jpeg", 1).get(0);
    long artifact =
        jdbc.sql(
                "INSERT INTO artifact (kind, asset_id, run_id, unit_key, inline_value)"
                    + " VALUES ('thumbnail', ?, ?, 'u', '{}') RETURNING id")
            .params(id, runId)
            .query(Long.class)
            .single();
    jdbc.sql(
            "INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, params_hash)"
                + " VALUES (?, ?, 'thumbnail', '1', ?)")
        .params(artifact, runId, H1)
        .update();
    coverage.record(runId, List.of(StepOutcome.produced(id, "thumbnail", "1", H1)));
    close(id, "file-" + id + ".jpg");
    assertThat(counts("thumbnail").total()).isZero();

    location(id, "back/" + id + ".jpg");

    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(1, 0, 0, 0, 0));
    assertMatchesRecount();
  }

  private long staticCollection(String name) {
    return jdbc.sql("INSERT INTO collection (name, kind) VALUES (?, 'STATIC') RETURNING id")
        .param(name)
        .query(Long.class)
        .single();
  }

  private void members(long collection, long... assets) {
    jdbc.sql(
            "INSERT INTO collection_member (collection_id, asset_id)"
                + " SELECT ?, unnest(?::bigint[]) ON CONFLICT DO NOTHING")
        .params(collection, java.util.Arrays.stream(assets).boxed().toArray(Long[]::new))
        .update();
  }

  private CoverageCounts collectionCounts(long collection, String kind) {
    return coverage.collection(collection).stream()
        .filter(r -> r.step().kind().equals(kind))
        .findFirst()
        .orElseThrow()
        .counts();
  }

  /**
   * Each collection's map from its counters equals the one counted from its members now, and every
   * counter equals a recount from the catalog.
   */
  private void assertCollectionsMatchRecount(long... collections) {
    for (long collection : collections) {
      var members =
          new dev.darkroom.core.query.SqlFragment(
              "SELECT m.asset_id FROM collection_member m WHERE m.collection_id = :c",
              Map.of("c", collection));
      assertThat(coverage.collection(collection)).isEqualTo(coverage.scoped(members));
    }
    dev.darkroom.testsupport.CoverageCounterCheck.assertCountersMatchRecount(db.dataSource());
  }

  @Test
  void aMembershipEditAndAChunkOverTheSameAssetsAtOnceAreEachCountedOnce() throws Exception {
    List<Long> jpegs = assets("image/jpeg", 4);
    long[] all = jpegs.stream().mapToLong(Long::longValue).toArray();
    long first = staticCollection("edited first");
    long second = staticCollection("recorded first");
    TransactionTemplate tx =
        new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // when: an edit adds the assets to a collection and stays open while a chunk records them
      overlap(pool, tx, () -> members(first, all), () -> coverage.record(runId, produced(jpegs)));
      // then: the chunk, which waited for the edit, counted its state for the new members
      assertCollectionsMatchRecount(first);
      assertThat(collectionCounts(first, "thumbnail").current()).isEqualTo(4);

      // when: a chunk records and stays open while an edit adds the same assets elsewhere
      overlap(pool, tx, () -> coverage.record(runId, failed(jpegs)), () -> members(second, all));
      // then: the edit, which waited for the chunk, counted the state the chunk committed
      assertCollectionsMatchRecount(first, second);
      assertThat(collectionCounts(second, "thumbnail").failed()).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs {@code earlier} in a transaction that stays open until {@code later}, in a transaction of
   * its own, has had time to reach the rows {@code earlier} locked; then commits both.
   */
  private static void overlap(
      ExecutorService pool, TransactionTemplate tx, Runnable earlier, Runnable later)
      throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first =
        pool.submit(
            () ->
                tx.executeWithoutResult(
                    s -> {
                      earlier.run();
                      done.countDown();
                      try {
                        release.await(60, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    Future<?> second = pool.submit(() -> tx.executeWithoutResult(s -> later.run()));
    // Not a timing assertion: the result is the same whether or not "later" got to wait.
    Thread.sleep(300);
    release.countDown();
    first.get(60, TimeUnit.SECONDS);
    second.get(60, TimeUnit.SECONDS);
  }

  private static List<StepOutcome> produced(List<Long> assets) {
    return assets.stream().map(id -> StepOutcome.produced(id, "thumbnail", "1", H1)).toList();
  }

  private static List<StepOutcome> failed(List<Long> assets) {
    return assets.stream()
        .map(id -> StepOutcome.failed(id, "thumbnail", "1", H1, "broken"))
        .toList();
  }

  @Test
  void anAssetThatGoesAndComesBackKeepsItsFailureWithItsReasonAndRun() {
    // given: a JPEG whose thumbnail failed and whose exif was produced, and a healthy one
    List<Long> jpegs = assets("image/jpeg", 2);
    long flaky = jpegs.get(0);
    coverage.record(
        runId,
        List.of(
            StepOutcome.failed(flaky, "thumbnail", "1", H1, "thumbnail: truncated JPEG"),
            StepOutcome.produced(flaky, "exif", "1", H1),
            StepOutcome.produced(jpegs.get(1), "thumbnail", "1", H1)));
    long picks = staticCollection("flaky");
    members(picks, flaky);

    // when: its file goes (a share unmounted, a folder moved away) ...
    close(flaky, "file-" + flaky + ".jpg");
    // then: it is out of every count
    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(1, 0, 0, 0, 0));
    assertThat(search("failed:thumbnail")).isEmpty();
    assertMatchesRecount();

    // when: ... and comes back, under another path
    location(flaky, "restored/" + flaky + ".jpg");

    // then: it is failed again, with its reason and run, not missing
    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(1, 0, 0, 1, 0));
    assertThat(counts("exif")).isEqualTo(new CoverageCounts(1, 0, 1, 0, 0));
    assertThat(search("failed:thumbnail")).containsExactly(flaky);
    assertThat(coverage.all().stream().filter(r -> r.step().kind().equals("thumbnail")))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.failedRuns())
                    .containsExactly(new FailedRun(runId, 1, "thumbnail: truncated JPEG")));
    assertThat(collectionCounts(picks, "thumbnail")).isEqualTo(new CoverageCounts(0, 0, 0, 1, 0));
    assertMatchesRecount();
    assertCollectionsMatchRecount(picks);

    // and: a later attempt still wins over what came back
    coverage.record(runId, List.of(StepOutcome.produced(flaky, "thumbnail", "1", H1)));
    assertThat(counts("thumbnail")).isEqualTo(new CoverageCounts(2, 0, 0, 0, 0));
    assertMatchesRecount();
  }

  @Test
  void failedCellsRunsAndReasonsFromCountersEqualARecountAfterRunsRerunsMovesDeletionsAndEdits() {
    // given: JPEGs, PNGs and a video; two production runs; a static collection of some of them
    List<Long> jpegs = assets("image/jpeg", 6);
    List<Long> pngs = assets("image/png", 3);
    long video = assets("video/mp4", 1).get(0);
    long second =
        new RunRepository(jdbc)
            .create(RunRequest.allAssets("p", RunPolicy.production(), "t"), "1", Map.of());
    long picks = staticCollection("picks");
    members(picks, jpegs.get(0), jpegs.get(1), jpegs.get(2), pngs.get(0), pngs.get(1), video);

    // when: the first run fails three thumbnails, the second two more (one of them a member)
    coverage.record(
        runId,
        List.of(
            StepOutcome.failed(jpegs.get(0), "thumbnail", "1", H1, "b: truncated"),
            StepOutcome.failed(jpegs.get(1), "thumbnail", "1", H1, "a: not a JPEG"),
            StepOutcome.failed(pngs.get(2), "thumbnail", "1", H1, "c: bad png"),
            StepOutcome.produced(jpegs.get(2), "thumbnail", "1", H1)));
    coverage.record(
        second,
        List.of(
            StepOutcome.failed(pngs.get(0), "thumbnail", "1", H1, "d: bad png"),
            StepOutcome.failed(jpegs.get(4), "thumbnail", "1", H1, "e: zero bytes")));
    // then: the runs behind the failures, most first, with the lowest failed asset's reason
    assertThat(failedRuns(coverage.all()))
        .containsExactly(
            new FailedRun(runId, 3, "b: truncated"), new FailedRun(second, 2, "e: zero bytes"));
    assertThat(failedRuns(coverage.collection(picks)))
        .containsExactly(
            new FailedRun(runId, 2, "b: truncated"), new FailedRun(second, 1, "d: bad png"));
    assertFailedRunsMatchRecount(picks);

    // when: the second run reruns two of the first run's failures: one succeeds, one fails again
    coverage.record(
        second,
        List.of(
            StepOutcome.produced(jpegs.get(0), "thumbnail", "1", H1),
            StepOutcome.failed(jpegs.get(1), "thumbnail", "1", H1, "a: still not a JPEG")));
    // then: the first run keeps one failure (a non-member), the second has three
    assertThat(failedRuns(coverage.all()))
        .containsExactly(
            new FailedRun(second, 3, "a: still not a JPEG"), new FailedRun(runId, 1, "c: bad png"));
    assertThat(failedRuns(coverage.collection(picks)))
        .containsExactly(new FailedRun(second, 2, "a: still not a JPEG"));
    assertFailedRunsMatchRecount(picks);

    // when: a failed member moves, another failed member's file is deleted, membership changes
    location(jpegs.get(1), "moved/" + jpegs.get(1) + ".jpg");
    close(jpegs.get(1), "file-" + jpegs.get(1) + ".jpg");
    close(pngs.get(0), "file-" + pngs.get(0) + ".jpg");
    members(picks, pngs.get(2), jpegs.get(4));
    jdbc.sql("DELETE FROM collection_member WHERE collection_id = ? AND asset_id = ?")
        .params(picks, jpegs.get(1))
        .update();
    // then
    assertThat(failedRuns(coverage.collection(picks)))
        .containsExactly(
            new FailedRun(second, 1, "e: zero bytes"), new FailedRun(runId, 1, "c: bad png"));
    assertFailedRunsMatchRecount(picks);

    // when: the deleted file comes back (its failure with it) and the last failures are fixed
    location(pngs.get(0), "back/" + pngs.get(0) + ".png");
    assertThat(failedRuns(coverage.collection(picks)))
        .containsExactly(
            new FailedRun(second, 2, "e: zero bytes"), new FailedRun(runId, 1, "c: bad png"));
    assertFailedRunsMatchRecount(picks);
    coverage.record(
        second,
        List.of(
            StepOutcome.produced(pngs.get(0), "thumbnail", "1", H1),
            StepOutcome.produced(pngs.get(2), "thumbnail", "1", H1),
            StepOutcome.produced(jpegs.get(4), "thumbnail", "1", H1)));
    // then: only the non-member failure is left, and no counter row is left at zero
    assertThat(failedRuns(coverage.collection(picks))).isEmpty();
    assertThat(failedRuns(coverage.all()))
        .containsExactly(new FailedRun(second, 1, "a: still not a JPEG"));
    assertFailedRunsMatchRecount(picks);
  }

  @Test
  void aDynamicCollectionThatOnlyAsksTheMediaTypeIsReadFromCountersAndEqualsACountOfItsMatches() {
    // given: images and videos with outcomes, and dynamic collections over them
    List<Long> jpegs = assets("image/jpeg", 4);
    List<Long> pngs = assets("image/png", 2);
    assets("video/mp4", 2);
    long text = assets("text/plain", 1).get(0);
    coverage.record(
        runId,
        List.of(
            StepOutcome.produced(jpegs.get(0), "thumbnail", "1", H1),
            StepOutcome.produced(jpegs.get(1), "thumbnail", "0", H1),
            StepOutcome.failed(jpegs.get(2), "thumbnail", "1", H1, "truncated"),
            StepOutcome.failed(pngs.get(0), "thumbnail", "1", H1, "bad png"),
            StepOutcome.produced(jpegs.get(0), "exif", "1", H1)));
    Map<String, CoverageBasis> queries =
        Map.of(
            "type:image", CoverageBasis.COUNTERS,
            "type:image -type:image/png", CoverageBasis.COUNTERS,
            "type:video OR type:image/png", CoverageBasis.COUNTERS,
            "NOT type:image", CoverageBasis.COUNTERS,
            "type:image sha:0", CoverageBasis.COUNTED,
            "type:image -has:thumbnail", CoverageBasis.COUNTED);
    Map<String, Long> collections = new java.util.HashMap<>();
    for (String q : queries.keySet()) {
      collections.put(
          q,
          jdbc.sql(
                  "INSERT INTO collection (name, kind, query) VALUES (?, 'DYNAMIC', ?)"
                      + " RETURNING id")
              .params("q " + q, q)
              .query(Long.class)
              .single());
    }
    // then: each one's map is what counting its query's matches now gives, with its basis
    assertDynamicCollectionsMatchTheirMatches(queries, collections);
    assertThat(
            coverage.collection(collections.get("type:image")).stream()
                .filter(r -> r.step().kind().equals("thumbnail"))
                .findFirst()
                .orElseThrow())
        .satisfies(
            r -> {
              assertThat(r.counts()).isEqualTo(new CoverageCounts(1, 1, 2, 2, 0));
              assertThat(r.failedRuns()).containsExactly(new FailedRun(runId, 2, "truncated"));
            });

    // when: reruns, a deletion, a return and a new asset
    coverage.record(
        runId,
        List.of(
            StepOutcome.produced(jpegs.get(2), "thumbnail", "1", H1),
            StepOutcome.failed(pngs.get(1), "thumbnail", "1", H1, "no frames")));
    close(pngs.get(0), "file-" + pngs.get(0) + ".jpg");
    close(text, "file-" + text + ".jpg");
    location(text, "back/" + text + ".txt");
    assets("image/png", 1);
    // then
    assertDynamicCollectionsMatchTheirMatches(queries, collections);
    assertMatchesRecount();
  }

  private void assertDynamicCollectionsMatchTheirMatches(
      Map<String, CoverageBasis> queries, Map<String, Long> collections) {
    for (Map.Entry<String, CoverageBasis> e : queries.entrySet()) {
      CoverageMap map = coverage.collectionMap(collections.get(e.getKey()));
      assertThat(map.basis()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(map.steps())
          .as(e.getKey())
          .isEqualTo(coverage.scoped(AssetQuery.parse(e.getKey()).liveAssetIds()));
    }
    dev.darkroom.testsupport.CoverageCounterCheck.assertCountersMatchRecount(db.dataSource());
  }

  private static List<FailedRun> failedRuns(List<StepCoverage> map) {
    return map.stream()
        .filter(r -> r.step().kind().equals("thumbnail"))
        .findFirst()
        .orElseThrow()
        .failedRuns();
  }

  /**
   * The failed runs read from counters equal the ones counted from the per-asset rows now (for
   * every asset and for {@code collection}), and every counter equals a recount.
   */
  private void assertFailedRunsMatchRecount(long collection) {
    assertThat(coverage.all()).isEqualTo(coverage.scoped(AssetQuery.all().liveAssetIds()));
    assertCollectionsMatchRecount(collection);
    assertMatchesRecount();
  }

  private CoverageCounts counts(String kind) {
    return coverage.all().stream()
        .filter(r -> r.step().kind().equals(kind))
        .findFirst()
        .orElseThrow()
        .counts();
  }

  /** Every step's maintained counts equal the ones computed from the per-asset rows now. */
  private void assertMatchesRecount() {
    Map<String, CoverageCounts> maintained =
        coverage.all().stream()
            .collect(Collectors.toMap(r -> r.step().kind(), StepCoverage::counts));
    Map<String, CoverageCounts> recounted =
        coverage.scoped(AssetQuery.all().liveAssetIds()).stream()
            .collect(Collectors.toMap(r -> r.step().kind(), StepCoverage::counts));
    assertThat(maintained).isEqualTo(recounted).isEqualTo(recountFromTheCatalog());
    dev.darkroom.testsupport.CoverageCounterCheck.assertCountersMatchRecount(db.dataSource());
  }

  /** The counts from the catalog's own tables, without any coverage table but the steps. */
  private Map<String, CoverageCounts> recountFromTheCatalog() {
    return jdbc
        .sql(
            """
            SELECT st.kind,
                   count(*) FILTER (WHERE coverage_accepts(st.accepted, a.media_type)
                                      AND s.status = 'PRODUCED'
                                      AND s.tool_version = st.tool_version
                                      AND s.params_hash = st.params_hash) AS current,
                   count(*) FILTER (WHERE coverage_accepts(st.accepted, a.media_type)
                                      AND s.status = 'PRODUCED'
                                      AND (s.tool_version <> st.tool_version
                                           OR s.params_hash <> st.params_hash)) AS stale,
                   count(*) FILTER (WHERE coverage_accepts(st.accepted, a.media_type)
                                      AND s.status IS NULL) AS missing,
                   count(*) FILTER (WHERE coverage_accepts(st.accepted, a.media_type)
                                      AND s.status = 'FAILED') AS failed,
                   count(*) FILTER (WHERE NOT coverage_accepts(st.accepted, a.media_type)) AS na
              FROM coverage_step st
             CROSS JOIN asset a
              LEFT JOIN coverage_state s ON s.asset_id = a.id AND s.tool_id = st.tool_id
             WHERE EXISTS (SELECT 1 FROM asset_location l
                            WHERE l.asset_id = a.id AND l.gone_at IS NULL)
             GROUP BY st.kind
            """)
        .query(
            (rs, row) ->
                Map.entry(
                    rs.getString("kind"),
                    new CoverageCounts(
                        rs.getLong("current"),
                        rs.getLong("stale"),
                        rs.getLong("missing"),
                        rs.getLong("failed"),
                        rs.getLong("na"))))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private List<Long> search(String query) {
    var ids = AssetQuery.parse(query).liveAssetIds();
    return jdbc.sql(ids.sql() + " ORDER BY a.id").params(ids.params()).query(Long.class).list();
  }

  /** The per-asset rows' transaction ids: any rewrite of a row changes them. */
  private String stateRowVersions() {
    return jdbc.sql(
            "SELECT string_agg(xmin::text, ',' ORDER BY asset_id, tool_id) FROM coverage_state")
        .query(String.class)
        .single();
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
