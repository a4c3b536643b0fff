package dev.darkroom.web.collections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.testing.CatalogRows;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Dynamic collections' counts are refreshed when too old, by the server and without a reader. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamicCollectionCountsTest {

  static final AtomicInteger NAMES = new AtomicInteger();

  CollectionRepository collections;
  CatalogRows rows;
  long root;
  String type;

  @BeforeAll
  void database() throws Exception {
    TestDatabase db = TestDatabase.create("DynamicCollectionCountsTest");
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    collections = new CollectionRepository(jdbc, new DataSourceTransactionManager(db.dataSource()));
    rows =
        new CatalogRows(
            jdbc,
            new dev.darkroom.storage.filesystem.FilesystemArtifactStore(
                Files.createTempDirectory("darkroom-counts"), List.of()));
    root = rows.root("counts");
  }

  @BeforeEach
  void ownType() {
    // Each test's assets have a media type of their own: the tests share one catalog.
    type = "image/x-counted-" + NAMES.incrementAndGet();
  }

  AssetCollection dynamicOfTwo() {
    add(2);
    return collections.createDynamic(
        "dynamic " + NAMES.incrementAndGet(), null, AssetQuery.parse("type:" + type));
  }

  void add(int assets) {
    for (int i = 0; i < assets; i++) {
      rows.asset(type).at(root, "f-" + NAMES.incrementAndGet() + ".x");
    }
  }

  static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  @Test
  void aCountYoungerThanTheMaximumAgeIsKeptAndAnOlderOneIsRecounted() {
    AssetCollection created = dynamicOfTwo();
    add(3);
    CollectionCountProperties fiveMinutes =
        new CollectionCountProperties(Duration.ofMinutes(5), Duration.ZERO);
    Instant counted = created.countedAt();

    new DynamicCollectionCounts(collections, fiveMinutes, at(counted.plusSeconds(240)))
        .refreshOld();
    AssetCollection young = collections.get(created.id());
    new DynamicCollectionCounts(collections, fiveMinutes, at(counted.plusSeconds(301)))
        .refreshOld();
    AssetCollection recounted = collections.get(created.id());

    assertThat(young.memberCount()).isEqualTo(2);
    assertThat(young.countedAt()).isEqualTo(counted);
    assertThat(recounted.memberCount()).isEqualTo(5);
    assertThat(recounted.countedAt()).isAfter(counted);
  }

  @Test
  void theServerRecountsOldCountsByItself() {
    AssetCollection created = dynamicOfTwo();
    add(1);
    DynamicCollectionCounts counts =
        new DynamicCollectionCounts(
            collections,
            new CollectionCountProperties(Duration.ZERO, Duration.ofMillis(100)),
            Clock.systemUTC());

    counts.start();
    try {
      awaitTrue(() -> collections.get(created.id()).memberCount() == 3);
    } finally {
      counts.stop();
    }

    assertThat(collections.get(created.id()).countedAt()).isAfter(created.countedAt());
  }

  @Test
  void readingAnOldCountAsksForARecountWithoutWaitingForIt() {
    AssetCollection created = dynamicOfTwo();
    add(4);
    DynamicCollectionCounts counts =
        new DynamicCollectionCounts(
            collections,
            // No background checks: only the reader's request can recount.
            new CollectionCountProperties(Duration.ofMinutes(5), Duration.ZERO),
            at(created.countedAt().plus(Duration.ofMinutes(6))));

    counts.start();
    try {
      assertThat(counts.refreshIfOld(collections.get(created.id()))).isTrue();
      awaitTrue(() -> collections.get(created.id()).memberCount() == 6);
    } finally {
      counts.stop();
    }
  }

  @Test
  void readingAFreshCountAsksForNothing() {
    AssetCollection created = dynamicOfTwo();
    add(1);
    DynamicCollectionCounts counts =
        new DynamicCollectionCounts(
            collections,
            new CollectionCountProperties(Duration.ofMinutes(5), Duration.ZERO),
            at(created.countedAt().plusSeconds(60)));

    counts.start();
    try {
      assertThat(counts.refreshIfOld(collections.get(created.id()))).isFalse();
      // A static collection's count is always current: nothing to ask for either.
      assertThat(
              counts.refreshIfOld(
                  collections.createStatic(
                      "static " + NAMES.incrementAndGet(),
                      null,
                      List.of(rows.asset(type).at(root, "s.x")))))
          .isFalse();
    } finally {
      counts.stop();
    }

    assertThat(collections.get(created.id()).memberCount()).isEqualTo(2);
  }

  /** Polls with a generous limit: the machine may be loaded; no duration is asserted. */
  static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the count was not refreshed within 60 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
