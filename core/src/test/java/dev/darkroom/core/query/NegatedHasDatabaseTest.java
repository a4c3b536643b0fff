package dev.darkroom.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.asset.AssetSummary;
import dev.darkroom.testsupport.PostgresExtension;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code -has:KIND} against real PostgreSQL, in both directions: when every live asset has the kind
 * it answers nothing without scanning the assets (the counters of V85 gate the anti-join), when no
 * asset has it it answers every live asset, and every case in between (sandbox artifacts, gone
 * assets, deleted artifacts, assets that come back) gives the same answer as the plain anti-join.
 */
class NegatedHasDatabaseTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static final OffsetDateTime FUTURE = OffsetDateTime.parse("2999-01-01T00:00:00Z");
  static final OffsetDateTime PAST = OffsetDateTime.parse("2000-01-01T00:00:00Z");

  QueryFixture f;
  AssetSearchRepository search;
  long root;
  List<Long> live = new ArrayList<>();

  @BeforeEach
  void everyLiveAssetHasAPhashAndNoneHasFaces() {
    f = new QueryFixture(db.dataSource());
    search = new AssetSearchRepository(f.jdbc);
    // DELETE, not TRUNCATE: the triggers keep the counters (TRUNCATE would leave them behind)
    f.jdbc.sql("DELETE FROM artifact").update();
    f.jdbc.sql("DELETE FROM asset_location").update();
    live.clear();
    root = f.root("r" + System.nanoTime());
    for (int i = 0; i < 5; i++) {
      long id = f.asset("image/jpeg").at(root, "p/" + i + ".jpg");
      f.artifact(id, "phash", null);
      live.add(id);
    }
    // a second phash of one asset counts it once
    f.artifact(live.get(0), "phash", null);
    // a gone asset without a phash does not make -has:phash match (queries see live assets only)
    long gone = f.asset("image/jpeg").insert();
    f.location(gone, root, "gone.jpg", true);
  }

  @Test
  void whenEveryLiveAssetHasTheKindTheNegationIsEmptyWithoutScanningTheAssets() {
    // when / then
    assertThat(ids("-has:phash")).isEmpty();
    assertThat(ids("path:p -has:phash")).isEmpty();
    assertThat(search.count(AssetQuery.parse("-has:phash"))).isZero();
    assertThat(ids("has:phash")).containsExactlyElementsOf(live);

    // and: the plan gates the search with a one-time filter and never runs the asset scan
    List<String> plan = plan("-has:phash");
    assertThat(plan).anyMatch(line -> line.contains("One-Time Filter"));
    assertThat(plan)
        .filteredOn(line -> line.contains(" on asset ") || line.contains(" on asset_location "))
        .isNotEmpty()
        .allMatch(line -> line.contains("never executed"), "never executed");
  }

  @Test
  void whenNoAssetHasTheKindTheNegationIsEveryLiveAsset() {
    assertThat(ids("-has:faces")).containsExactlyElementsOf(live);
    assertThat(ids("has:faces")).isEmpty();
    assertThat(search.count(AssetQuery.parse("-has:faces"))).isEqualTo(live.size());
  }

  @Test
  void aLiveAssetWithoutAPermanentArtifactOpensTheGateAndTheAnswerStaysExact() {
    // given: a new asset whose only phash is a sandbox one, not yet expired
    long sandboxed = f.asset("image/jpeg").at(root, "p/sandboxed.jpg");
    f.artifact(sandboxed, "phash", FUTURE);
    // then: it has a phash, so still nothing lacks one (the gate says "look", the anti-join
    // answers)
    assertThat(ids("-has:phash")).isEmpty();
    assertThat(plan("-has:phash"))
        .filteredOn(line -> line.contains(" on asset a"))
        .noneMatch(line -> line.contains("never executed"));

    // given: another whose sandbox phash has expired
    long expired = f.asset("image/jpeg").at(root, "p/expired.jpg");
    f.artifact(expired, "phash", PAST);
    // then
    assertThat(ids("-has:phash")).containsExactly(expired);
  }

  @Test
  void deletingTheLastPermanentArtifactAndLivenessChangesKeepTheCountersExact() {
    long first = live.get(0);
    long second = live.get(1);
    // when: one of two phashes of the first asset goes: it still has one
    f.jdbc
        .sql(
            "DELETE FROM artifact WHERE id = (SELECT min(id) FROM artifact"
                + " WHERE asset_id = ? AND kind = 'phash')")
        .param(first)
        .update();
    assertThat(ids("-has:phash")).isEmpty();
    // when: the second asset's only phash goes
    f.jdbc.sql("DELETE FROM artifact WHERE asset_id = ? AND kind = 'phash'").param(second).update();
    assertThat(ids("-has:phash")).containsExactly(second);

    // when: the second asset goes (its last location closes): nothing live lacks a phash again
    f.jdbc
        .sql(
            "UPDATE asset_location SET gone_at = now(), gone_reason = 'VANISHED' WHERE asset_id = ?")
        .param(second)
        .update();
    assertThat(ids("-has:phash")).isEmpty();
    assertThat(plan("-has:phash")).anyMatch(line -> line.contains("One-Time Filter"));

    // when: the first asset goes and comes back: it brings its phash back
    f.jdbc
        .sql(
            "UPDATE asset_location SET gone_at = now(), gone_reason = 'VANISHED' WHERE asset_id = ?")
        .param(first)
        .update();
    f.jdbc
        .sql("UPDATE asset_location SET gone_at = NULL, gone_reason = NULL WHERE asset_id = ?")
        .param(first)
        .update();
    assertThat(ids("-has:phash")).isEmpty();
    assertThat(ids("has:phash")).contains(first).doesNotContain(second);
    assertThat(tallyEqualsRecount()).isTrue();
  }

  private List<Long> ids(String query) {
    return search.search(AssetQuery.parse(query), 0, 100).stream().map(AssetSummary::id).toList();
  }

  private boolean tallyEqualsRecount() {
    return f.jdbc
        .sql(
            """
            SELECT coalesce((SELECT array_agg(k ORDER BY k) FROM (
                     SELECT kind || '=' || sum(n) AS k FROM asset_kind_tally GROUP BY kind
                     HAVING sum(n) <> 0) t), '{}')
                 = coalesce((SELECT array_agg(k ORDER BY k) FROM (
                     SELECT t.kind || '=' || count(DISTINCT t.asset_id) AS k
                       FROM artifact t
                      WHERE t.expires_at IS NULL
                        AND EXISTS (SELECT 1 FROM asset_location l
                                     WHERE l.asset_id = t.asset_id AND l.gone_at IS NULL)
                      GROUP BY t.kind) r), '{}')
            """)
        .query(Boolean.class)
        .single();
  }

  /** EXPLAIN ANALYZE of the asset search's first page, as the API runs it. */
  private List<String> plan(String query) {
    var where = AssetQuery.parse(query).where();
    return JdbcClient.create(db.dataSource())
        .sql(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT a.id FROM asset a"
                + " WHERE a.id > 0 AND "
                + where.sql()
                + " ORDER BY a.id LIMIT 51")
        .params(where.params())
        .query(String.class)
        .list();
  }
}
