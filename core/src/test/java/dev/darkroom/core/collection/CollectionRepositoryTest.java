package dev.darkroom.core.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

class CollectionRepositoryTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static final AtomicLong SEQUENCE = new AtomicLong();

  JdbcClient jdbc;
  CollectionRepository collections;
  long rootId;
  // Each test catalogs assets of a media type of its own, since the tests share one database.
  String type;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(db.dataSource());
    collections = new CollectionRepository(jdbc, new DataSourceTransactionManager(db.dataSource()));
    long n = SEQUENCE.incrementAndGet();
    type = "image/x-collection-" + n;
    rootId =
        jdbc.sql("INSERT INTO archive_root (name, path) VALUES (?, ?) RETURNING id")
            .params("root-" + n, "/archive/root-" + n)
            .query(Long.class)
            .single();
  }

  List<Long> assets(int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long n = SEQUENCE.incrementAndGet();
      long id =
          jdbc.sql(
                  "INSERT INTO asset (sha256, size_bytes, media_type) VALUES (?, 1, ?) RETURNING id")
              .params(String.format("%064x", n * 7_919), type)
              .query(Long.class)
              .single();
      jdbc.sql(
              """
              INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes, mtime)
              VALUES (?, ?, ?, '', 1, now())
              """)
          .params(id, rootId, "f-" + n + ".jpg")
          .update();
      ids.add(id);
    }
    return ids;
  }

  List<Long> members(long collectionId) {
    return jdbc.sql(
            "SELECT asset_id FROM collection_member WHERE collection_id = ? ORDER BY asset_id")
        .param(collectionId)
        .query(Long.class)
        .list();
  }

  String name() {
    return "collection " + SEQUENCE.incrementAndGet();
  }

  AssetQuery mine() {
    return AssetQuery.parse("type:" + type);
  }

  @Test
  void aStaticCollectionHoldsExactlyTheListedAssets() {
    List<Long> ids = assets(3);
    String name = name();

    AssetCollection created =
        collections.createStatic(name, "three", List.of(ids.get(0), ids.get(2)));

    assertThat(created.kind()).isEqualTo(CollectionKind.STATIC);
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.description()).isEqualTo("three");
    assertThat(created.query()).isNull();
    assertThat(created.memberCount()).isEqualTo(2);
    assertThat(members(created.id())).containsExactly(ids.get(0), ids.get(2));
    assertThat(collections.get(created.id())).isEqualTo(created);
  }

  @Test
  void unknownAssetIdsAreNamedAndNothingIsCreated() {
    List<Long> ids = assets(1);
    String name = name();

    assertThatThrownBy(
            () -> collections.createStatic(name, null, List.of(ids.get(0), 999_998L, 999_999L)))
        .isInstanceOf(InvalidCollectionException.class)
        .hasMessage(
            "no asset with id 999998, 999999; list ids of catalogued assets (GET /api/assets)");
    assertThat(
            jdbc.sql("SELECT count(*) FROM collection WHERE name = ?")
                .param(name)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void anEmptyListABlankNameAndATakenNameAreRefused() {
    List<Long> ids = assets(1);
    AssetCollection first = collections.createStatic(name(), null, ids);

    assertThatThrownBy(() -> collections.createStatic(name(), null, List.of()))
        .isInstanceOf(InvalidCollectionException.class)
        .hasMessageStartingWith("a static collection needs at least one asset id");
    assertThatThrownBy(() -> collections.createDynamic("  ", null, mine()))
        .isInstanceOf(InvalidCollectionException.class)
        .hasMessage("a collection needs a name");
    assertThatThrownBy(() -> collections.createDynamic(" " + first.name() + " ", null, mine()))
        .isInstanceOf(InvalidCollectionException.class)
        .hasMessage(
            "a collection named '"
                + first.name()
                + "' already exists (id "
                + first.id()
                + "); choose another name or delete that one first");
  }

  @Test
  void aSnapshotKeepsWhatTheQueryMatchedWhenItWasCreated() {
    List<Long> before = assets(2);

    AssetCollection snapshot = collections.createSnapshot(name(), null, mine());
    assets(3);

    assertThat(snapshot.kind()).isEqualTo(CollectionKind.STATIC);
    assertThat(snapshot.description()).isEqualTo("snapshot of the query: type:" + type);
    assertThat(collections.get(snapshot.id()).memberCount()).isEqualTo(2);
    assertThat(members(snapshot.id())).containsExactlyElementsOf(before);
  }

  @Test
  void aDynamicCollectionIsCountedOnCreationAndKeepsThatCountUntilRecounted() {
    assets(2);
    AssetCollection dynamic = collections.createDynamic(name(), null, mine());
    assertThat(dynamic.memberCount()).isEqualTo(2);
    assertThat(dynamic.countedAt()).isNotNull();
    assertThat(dynamic.countEstimated()).isFalse();

    assets(3);
    AssetCollection read = collections.get(dynamic.id());
    AssetCollection recounted = collections.recount(dynamic.id()).orElseThrow();

    // Reading does not count: the kept count and its time until the next recount.
    assertThat(read.memberCount()).isEqualTo(2);
    assertThat(read.countedAt()).isEqualTo(dynamic.countedAt());
    assertThat(recounted.kind()).isEqualTo(CollectionKind.DYNAMIC);
    assertThat(recounted.query()).isEqualTo("type:" + type);
    assertThat(recounted.memberCount()).isEqualTo(5);
    assertThat(recounted.countedAt()).isAfter(dynamic.countedAt());
    assertThat(collections.get(dynamic.id()).memberCount()).isEqualTo(5);
    assertThat(members(dynamic.id())).isEmpty();
  }

  @Test
  void aDynamicCollectionNotCountedYetShowsAnEstimateMarkedAsOne() {
    assets(4);
    long id = uncountedDynamic();

    AssetCollection estimated = collections.get(id);

    assertThat(estimated.countEstimated()).isTrue();
    assertThat(estimated.countedAt()).isNull();
    assertThat(estimated.memberCount()).isNotNegative();
    assertThat(collections.list(id + 1, 1))
        .singleElement()
        .extracting(AssetCollection::countEstimated)
        .isEqualTo(true);

    AssetCollection counted = collections.recount(id).orElseThrow();
    assertThat(counted.countEstimated()).isFalse();
    assertThat(counted.memberCount()).isEqualTo(4);
    assertThat(counted.countedAt()).isNotNull();
  }

  @Test
  void dynamicCollectionsDueForACountAreTheUncountedThenTheOldest() {
    assets(1);
    AssetCollection counted = collections.createDynamic(name(), null, mine());
    long uncounted = uncountedDynamic();
    collections.createStatic(name(), null, assets(1));

    List<Long> dueLater =
        collections.dynamicDueForCount(counted.countedAt().plusSeconds(1), 10_000);
    List<Long> dueNow = collections.dynamicDueForCount(counted.countedAt(), 10_000);

    assertThat(dueLater).contains(uncounted, counted.id());
    assertThat(dueLater.indexOf(uncounted)).isLessThan(dueLater.indexOf(counted.id()));
    assertThat(dueNow).contains(uncounted).doesNotContain(counted.id());
  }

  @Test
  void aStaticCollectionsCountFollowsItsMembersWithoutCounting() {
    List<Long> ids = assets(4);
    AssetCollection c = collections.createStatic(name(), null, ids.subList(0, 1));
    assertThat(c.memberCount()).isEqualTo(1);
    assertThat(c.countedAt()).isNull();
    assertThat(c.countEstimated()).isFalse();

    // Members added and removed by bulk statements, as a snapshot or an edit would.
    jdbc.sql(
            "INSERT INTO collection_member (collection_id, asset_id)"
                + " SELECT ?, unnest(?::bigint[])")
        .params(c.id(), ids.subList(1, 4).toArray(Long[]::new))
        .update();
    assertThat(collections.get(c.id()).memberCount()).isEqualTo(4);
    jdbc.sql("DELETE FROM collection_member WHERE collection_id = ? AND asset_id = ?")
        .params(c.id(), ids.get(2))
        .update();

    assertThat(collections.get(c.id()).memberCount()).isEqualTo(3).isEqualTo(memberRows(c.id()));
    assertThat(collections.recount(c.id()).orElseThrow().memberCount()).isEqualTo(3);
  }

  @Test
  void deletingACollectionWithMembersLeavesNoCountBehind() {
    AssetCollection c = collections.createStatic(name(), null, assets(2));

    collections.delete(c.id());

    assertThat(collections.find(c.id())).isEmpty();
    assertThat(collections.recount(c.id())).isEmpty();
  }

  /** A dynamic collection as one created before counts were kept: no count yet. */
  long uncountedDynamic() {
    return jdbc.sql(
            "INSERT INTO collection (name, kind, query) VALUES (?, 'DYNAMIC', ?) RETURNING id")
        .params(name(), "type:" + type)
        .query(Long.class)
        .single();
  }

  long memberRows(long collectionId) {
    return jdbc.sql("SELECT count(*) FROM collection_member WHERE collection_id = ?")
        .param(collectionId)
        .query(Long.class)
        .single();
  }

  @Test
  void collectionsAreListedNewestFirstPageByPage() {
    List<Long> ids = assets(1);
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(collections.createStatic(name(), null, ids).id());
    }

    List<AssetCollection> first = collections.list(Long.MAX_VALUE, 2);
    List<AssetCollection> second = collections.list(first.get(1).id(), 2);

    assertThat(first)
        .extracting(AssetCollection::id)
        .containsExactly(created.get(4), created.get(3));
    assertThat(second)
        .extracting(AssetCollection::id)
        .containsExactly(created.get(2), created.get(1));
  }

  @Test
  void deletingRemovesTheCollectionAndItsMemberListButNotTheAssets() {
    List<Long> ids = assets(2);
    AssetCollection c = collections.createStatic(name(), null, ids);

    collections.delete(c.id());

    assertThat(collections.find(c.id())).isEmpty();
    assertThat(members(c.id())).isEmpty();
    assertThat(
            jdbc.sql("SELECT count(*) FROM asset WHERE id = ANY(?)")
                .param(ids.toArray(Long[]::new))
                .query(Long.class)
                .single())
        .isEqualTo(2);
    assertThatThrownBy(() -> collections.delete(c.id()))
        .isInstanceOf(UnknownCollectionException.class)
        .hasMessage("No collection with id " + c.id());
  }

  @Test
  void aCollectionThatAScheduleNamesIsKept() {
    AssetCollection c = collections.createStatic(name(), null, assets(1));
    jdbc.sql(
            """
            INSERT INTO schedule (name, pipeline_id, collection_id, interval_secs, created_by)
            VALUES ('nightly ' || ?, 'images-basic', ?, 3600, 't')
            """)
        .param(c.id())
        .param(c.id())
        .update();

    assertThatThrownBy(() -> collections.delete(c.id()))
        .isInstanceOf(CollectionInUseException.class)
        .hasMessage(
            "Collection "
                + c.id()
                + " is the scope of schedule 'nightly "
                + c.id()
                + "'; delete those schedules or give them another scope first");
    assertThat(collections.find(c.id())).isPresent();
  }

  @Test
  void aCollectionThatARunNamesIsKept() {
    AssetCollection c = collections.createStatic(name(), null, assets(1));
    long runId =
        jdbc.sql(
                """
                INSERT INTO run (pipeline_id, pipeline_version, collection_id, policy, requested_by)
                VALUES ('images-basic', '1', ?, 'PRODUCTION', 't') RETURNING id
                """)
            .param(c.id())
            .query(Long.class)
            .single();

    assertThatThrownBy(() -> collections.delete(c.id()))
        .isInstanceOf(CollectionInUseException.class)
        .hasMessage(
            "Collection "
                + c.id()
                + " is the scope of run "
                + runId
                + " and is kept so their history stays complete; it cannot be deleted");
    assertThat(collections.find(c.id())).isPresent();
  }
}
