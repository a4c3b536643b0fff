package dev.darkroom.bench.api;

import com.zaxxer.hikari.HikariDataSource;
import dev.darkroom.core.collection.CollectionMembership;
import dev.darkroom.core.coverage.CoverageMap;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.CoverageStep;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.testsupport.TestDatabase;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The coverage map's database work without the server (issue 12, ADR 0029): seeds the API
 * benchmark's catalog ({@link ApiSeed}), pins two steps as the server would, and times, in one
 * process and one client, what {@code GET /api/coverage} asks PostgreSQL for each scope — the
 * statements the previous version ran ("before") and {@link CoverageRepository} now ("after") —
 * then prints the plans of the new failed-runs reads. A quick check between full {@code bench/run
 * api} runs, not a replacement: no HTTP, no concurrent clients.
 *
 * <p>{@code bench/run coverage [--assets N] [--repeat R]}
 */
public final class CoverageProbe {

  private static final String H = "0".repeat(64);

  public static void main(String[] args) throws Exception {
    int assets = ApiBenchmark.intArg(args, "--assets", 200_000);
    int repeat = ApiBenchmark.intArg(args, "--repeat", 30);
    TestDatabase db = TestDatabase.create("coverageprobe");
    // Pooled like the server's: a new PostgreSQL connection per statement would be timed too.
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(db.jdbcUrl());
    pool.setUsername(db.username());
    pool.setPassword(db.password());
    pool.setMaximumPoolSize(2);
    JdbcClient jdbc = JdbcClient.create(pool);
    long start = System.nanoTime();
    ApiSeed.Seeded seeded = new ApiSeed(jdbc).seed(assets, 1000);
    CoverageRepository coverage = new CoverageRepository(jdbc);
    // Version 2 pinned: the seeded version-1 artifacts read as stale, as in the API benchmark.
    coverage.pin(
        List.of(
            new CoverageStep("thumbnail", "thumbnail", "2", H, List.of("image/*")),
            new CoverageStep("image-metadata", "image-metadata", "2", H, List.of("image/*"))));
    System.out.printf(
        Locale.ROOT,
        "Seeded %d assets in %.1f s; collections: %d static small, %d dynamic type:video,"
            + " %d static %d members, %d dynamic type:image, %d dynamic %s (%d kept members)%n",
        assets,
        (System.nanoTime() - start) / 1e9,
        seeded.staticCollection(),
        seeded.dynamicCollection(),
        seeded.largeStaticCollection(),
        seeded.largeStaticMembers(),
        seeded.imagesCollection(),
        seeded.keptCollection(),
        ApiSeed.KEPT_QUERY,
        seeded.keptMembers());

    long large = seeded.largeStaticCollection();
    long images = seeded.imagesCollection();
    time("floor: SELECT 1 (this machine's round trip now)", repeat, () -> count(jdbc, "SELECT 1"));
    System.out.println("before (statements of the previous version, per request):");
    time(
        "  static, members counted to name it",
        repeat,
        () -> count(jdbc, "SELECT count(*) FROM collection_member WHERE collection_id = " + large));
    time(
        "  static, failed cell's runs joined with the members",
        repeat,
        () ->
            count(
                jdbc,
                """
                SELECT count(*) FROM (SELECT s.run_id, count(*), min(s.error) FROM coverage_state s
                 WHERE s.status = 'FAILED' AND s.tool_id = 'thumbnail'
                   AND s.asset_id IN (SELECT m.asset_id FROM collection_member m
                                       WHERE m.collection_id = %d)
                 GROUP BY s.run_id ORDER BY count(*) DESC LIMIT 3) f
                """
                    .formatted(large)));
    String liveImages =
        "SELECT a.id AS asset_id FROM asset a WHERE EXISTS (SELECT 1 FROM asset_location live"
            + " WHERE live.asset_id = a.id AND live.gone_at IS NULL) AND a.media_type ~>=~"
            + " 'image/' AND a.media_type ~<~ 'image0'";
    time(
        "  dynamic type:image, matches counted to name it",
        repeat,
        () -> count(jdbc, "SELECT count(*) FROM (" + liveImages + ") m"));
    time(
        "  dynamic type:image, state counted over the matches",
        repeat,
        () ->
            count(
                jdbc,
                "SELECT count(*) FROM (SELECT s.tool_id, s.status, count(*) FROM coverage_state s"
                    + " WHERE s.asset_id IN ("
                    + liveImages
                    + ") GROUP BY 1, 2) t"));

    time(
        "  dynamic " + ApiSeed.KEPT_QUERY + ", the map counted over the matches",
        repeat,
        () -> coverage.scoped(AssetQuery.parse(ApiSeed.KEPT_QUERY).liveAssetIds()));

    System.out.println("after (CoverageRepository, the whole map):");
    time("  every asset", repeat, coverage::allMap);
    time(
        "  static, " + seeded.largeStaticMembers() + " members",
        repeat,
        () -> coverage.collectionMap(large));
    time("  dynamic type:video", repeat, () -> coverage.collectionMap(seeded.dynamicCollection()));
    time("  dynamic type:image", repeat, () -> coverage.collectionMap(images));
    long kept = seeded.keptCollection();
    time(
        "  dynamic " + ApiSeed.KEPT_QUERY + ", kept members (basis KEPT)",
        repeat,
        () -> coverage.collectionMap(kept));
    CoverageMap keptMap = coverage.collectionMap(kept);
    if (!keptMap
        .steps()
        .equals(coverage.scoped(AssetQuery.parse(ApiSeed.KEPT_QUERY).liveAssetIds()))) {
      throw new IllegalStateException("the kept map differs from the count over the matches");
    }
    System.out.println("  kept map: " + keptMap.basis() + " " + keptMap.membership());

    // Keeping the members (ADR 0034): a full fill in batches as the server does it, then a
    // metadata change of every tenth asset (queued by the asset trigger) and its drain.
    CollectionMembership membership =
        new CollectionMembership(jdbc, new DataSourceTransactionManager(pool));
    // (its members dropped first, so the fill inserts them all, as a new collection's does)
    jdbc.sql("DELETE FROM collection_member WHERE collection_id = ?").param(kept).update();
    jdbc.sql("UPDATE collection SET membership = 'FILLING', fill_after = 0 WHERE id = ?")
        .param(kept)
        .update();
    long t = System.nanoTime();
    int steps = membership.catchUp(1000, Integer.MAX_VALUE);
    System.out.printf(
        Locale.ROOT,
        "maintenance: fill of %s over %d assets: %.1f s in %d transactions of 1000%n",
        ApiSeed.KEPT_QUERY,
        assets,
        (System.nanoTime() - t) / 1e9,
        steps);
    t = System.nanoTime();
    int touched =
        jdbc.sql(
                "UPDATE asset SET captured_at = captured_at + interval '1 second'"
                    + " WHERE id % 10 = 0")
            .update();
    double write = (System.nanoTime() - t) / 1e9;
    long queued = membership.pending(Long.MAX_VALUE);
    t = System.nanoTime();
    steps = membership.catchUp(1000, Integer.MAX_VALUE);
    System.out.printf(
        Locale.ROOT,
        "maintenance: %d assets' capture time changed in %.2f s (%d queued), drained in %.2f s"
            + " (%d transactions)%n",
        touched,
        write,
        queued,
        (System.nanoTime() - t) / 1e9,
        steps);
    if (!coverage
        .collectionMap(kept)
        .steps()
        .equals(coverage.scoped(AssetQuery.parse(ApiSeed.KEPT_QUERY).liveAssetIds()))) {
      throw new IllegalStateException("the kept map differs after the fill and the drain");
    }
    CoverageMap map = coverage.collectionMap(large);
    System.out.println("  static map: " + map);

    System.out.println("plans of the failed cells' runs (after):");
    explain(
        jdbc,
        """
        SELECT f.run_id, f.assets, r.error FROM (SELECT a.run_id, sum(a.n) AS assets
          FROM collection_coverage_failed_runs a
         WHERE a.tool_id = 'thumbnail' AND a.collection_id = %d
         GROUP BY a.run_id HAVING sum(a.n) <> 0 ORDER BY sum(a.n) DESC, a.run_id DESC LIMIT 3) f
          LEFT JOIN LATERAL (SELECT s.error FROM coverage_state s
         WHERE s.status = 'FAILED' AND s.tool_id = 'thumbnail' AND s.run_id = f.run_id
           AND EXISTS (SELECT 1 FROM collection_member m WHERE m.collection_id = %d
                         AND m.asset_id = s.asset_id)
         ORDER BY s.asset_id LIMIT 1) r ON true
        """
            .formatted(large, large));
    explain(
        jdbc,
        """
        SELECT f.run_id, f.assets, r.error FROM (SELECT a.run_id, sum(a.n) AS assets
          FROM coverage_failed_runs a
         WHERE a.tool_id = 'thumbnail' AND (a.media_type ~>=~ 'image/' AND a.media_type ~<~ 'image0')
         GROUP BY a.run_id HAVING sum(a.n) <> 0 ORDER BY sum(a.n) DESC, a.run_id DESC LIMIT 3) f
          LEFT JOIN LATERAL (SELECT s.error FROM coverage_state s
         WHERE s.status = 'FAILED' AND s.tool_id = 'thumbnail' AND s.run_id = f.run_id
           AND EXISTS (SELECT 1 FROM coverage_asset a WHERE a.asset_id = s.asset_id
                         AND (a.media_type ~>=~ 'image/' AND a.media_type ~<~ 'image0'))
         ORDER BY s.asset_id LIMIT 1) r ON true
        """);
    System.exit(0);
  }

  private static long count(JdbcClient jdbc, String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  private static void time(String name, int repeat, Supplier<?> call) {
    call.get(); // warm-up: caches, plans
    double[] millis = new double[repeat];
    for (int i = 0; i < repeat; i++) {
      long t = System.nanoTime();
      call.get();
      millis[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(millis);
    System.out.printf(
        Locale.ROOT,
        "%-60s p50 %7.1f ms  p95 %7.1f ms%n",
        name,
        ApiBenchmark.percentile(millis, 0.50),
        ApiBenchmark.percentile(millis, 0.95));
  }

  private static void explain(JdbcClient jdbc, String sql) {
    jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        .query(String.class)
        .list()
        .forEach(line -> System.out.println("    " + line));
  }
}
