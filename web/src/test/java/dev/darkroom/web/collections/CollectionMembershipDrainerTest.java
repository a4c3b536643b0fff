package dev.darkroom.web.collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.collection.CollectionMembership;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.testing.CatalogRows;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The server's background thread fills a new dynamic collection and then follows the catalog. */
class CollectionMembershipDrainerTest {

  @Test
  void theServerFillsANewCollectionAndAppliesLaterChangesByItself() throws Exception {
    TestDatabase db = TestDatabase.create("CollectionMembershipDrainerTest");
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    DataSourceTransactionManager tx = new DataSourceTransactionManager(db.dataSource());
    CollectionRepository collections = new CollectionRepository(jdbc, tx);
    CatalogRows rows =
        new CatalogRows(
            jdbc,
            new dev.darkroom.storage.filesystem.FilesystemArtifactStore(
                Files.createTempDirectory("darkroom-membership"), List.of()));
    long root = rows.root("membership");
    long first = rows.asset("image/jpeg").at(root, "trip/a.jpg");
    rows.asset("image/jpeg").at(root, "home/b.jpg");
    long id = collections.createDynamic("trip", null, AssetQuery.parse("path:trip/")).id();
    CollectionMembershipDrainer drainer =
        new CollectionMembershipDrainer(
            new CollectionMembership(jdbc, tx),
            new CollectionMembershipProperties(Duration.ofMillis(100), 1));

    drainer.start();
    try {
      DynamicCollectionCountsTest.awaitTrue(
          () ->
              "KEPT"
                  .equals(
                      jdbc.sql("SELECT membership FROM collection WHERE id = ?")
                          .param(id)
                          .query(String.class)
                          .single()));
      assertThat(members(jdbc, id)).containsExactly(first);
      long later = rows.asset("image/png").at(root, "trip/c.png");
      DynamicCollectionCountsTest.awaitTrue(() -> members(jdbc, id).size() == 2);
      assertThat(members(jdbc, id)).containsExactly(first, later);
    } finally {
      drainer.stop();
    }
    assertThat(drainer.isRunning()).isFalse();
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new CollectionMembershipProperties(Duration.ofSeconds(-1), 10))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> new CollectionMembershipProperties(Duration.ofSeconds(1), 0))
        .hasMessageContaining("batch");
  }

  private static List<Long> members(JdbcClient jdbc, long collection) {
    return jdbc.sql(
            "SELECT asset_id FROM collection_member WHERE collection_id = ? ORDER BY asset_id")
        .param(collection)
        .query(Long.class)
        .list();
  }
}
