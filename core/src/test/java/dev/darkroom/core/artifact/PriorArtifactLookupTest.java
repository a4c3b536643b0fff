package dev.darkroom.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.testsupport.PostgresExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link ArtifactRepository#reusable}, the cross-run lookup of ADR 0036, against real PostgreSQL:
 * which artifacts a production and a sandbox run may reuse, newest first, matched on tool, version
 * and parameters; and its plan on a catalog of realistic size: one backward index scan over the
 * asset's artifacts of the kind, no sequential scan and no sort.
 */
class PriorArtifactLookupTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static final ToolParameters NINE = ToolParameters.of(Map.of("frameCount", 9, "frameSize", 512));
  static final ToolParameters FOUR = ToolParameters.of(Map.of("frameCount", 4, "frameSize", 256));

  static JdbcClient jdbc;
  static ArtifactRepository artifacts;
  static RunRepository runs;
  static long asset;
  static long sandboxS;
  static long p1;
  static long p2;
  static long s1;
  static long q1;

  @BeforeAll
  static void catalog() {
    jdbc = JdbcClient.create(db.dataSource());
    artifacts = new ArtifactRepository(jdbc);
    runs = new RunRepository(jdbc);
    asset =
        jdbc.sql(
                "INSERT INTO asset (sha256, size_bytes, media_type)"
                    + " VALUES (?, 10, 'video/mp4') RETURNING id")
            .param("cd".repeat(32))
            .query(Long.class)
            .single();
    long productionA = run(RunPolicy.production());
    long productionB = run(RunPolicy.production());
    sandboxS = run(RunPolicy.sandbox(10, 1));
    p1 = frames(productionA, null, "keyframes", "1", NINE, 1);
    q1 = frames(productionB, null, "keyframes", "1", FOUR, 2, "frames-b");
    p2 = frames(run(RunPolicy.production()), null, "keyframes", "1", NINE, 3);
    s1 = frames(sandboxS, Instant.now().plus(7, ChronoUnit.DAYS), "keyframes", "1", NINE, 4);
    // made by another tool, or another version of the keyframes tool: never offered
    frames(run(RunPolicy.production()), null, "contact-sheet", "1", NINE, 5);
    frames(run(RunPolicy.production()), null, "keyframes", "0", NINE, 6);
  }

  @Test
  void aProductionRunIsOfferedProductionArtifactsOnlyNewestFirst() {
    long asking = run(RunPolicy.production());

    assertThat(ids(NINE, asking)).containsExactly(p2, p1);
    assertThat(ids(FOUR, asking)).containsExactly(q1);
    assertThat(artifacts.reusable(asset, "frames", "keyframes", "2", NINE.sha256(), asking, 3))
        .isEmpty();
    assertThat(artifacts.reusable(asset, "thumbnail", "keyframes", "1", NINE.sha256(), asking, 3))
        .isEmpty();
  }

  @Test
  void aSandboxRunIsOfferedProductionArtifactsAndItsOwnNeverAnotherSandboxRuns() {
    long another = run(RunPolicy.sandbox(10, 2));

    assertThat(ids(NINE, another)).containsExactly(p2, p1);
    assertThat(ids(NINE, sandboxS)).containsExactly(s1, p2, p1);
  }

  @Test
  void theLookupIsOneBackwardIndexScanOnARealisticCatalog() {
    // given: 100,000 assets with a metadata and a thumbnail artifact each from one production
    // run, 10,000 of them videos with probe, frames, thumbnail and sheet from five runs (three
    // production, two sandbox): 300,000 artifacts with their lineage
    long bulk = run(RunPolicy.production());
    jdbc.sql(
            """
            INSERT INTO asset (sha256, size_bytes, media_type)
            SELECT md5('a' || g) || md5('b' || g), 1000, 'image/jpeg'
              FROM generate_series(1, 100000) g
            """)
        .update();
    jdbc.sql(
            """
            WITH a AS (SELECT id FROM asset WHERE size_bytes = 1000),
                 k AS (SELECT unnest(ARRAY['image-metadata', 'thumbnail']) AS kind),
                 ins AS (
                   INSERT INTO artifact (kind, asset_id, run_id, unit_key, storage_key, sha256,
                                         size_bytes, media_type)
                   SELECT k.kind, a.id, :run, 'u' || a.id, 'ab/cd/' || md5(k.kind || a.id),
                          md5(k.kind || a.id) || md5(a.id::text), 100, 'image/jpeg'
                     FROM a CROSS JOIN k
                   RETURNING id)
            INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, params_hash)
            SELECT id, :run, 'thumbnail', '1', :hash FROM ins
            """)
        .param("run", bulk)
        .param("hash", NINE.sha256())
        .update();
    for (int r = 0; r < 5; r++) {
      long videoRun = run(r < 3 ? RunPolicy.production() : RunPolicy.sandbox(10, r));
      jdbc.sql(
              """
              WITH a AS (SELECT id FROM asset WHERE size_bytes = 1000 ORDER BY id LIMIT 10000),
                   k AS (SELECT unnest(ARRAY['video-probe', 'frames', 'thumbnail',
                                             'contact-sheet']) AS kind),
                   ins AS (
                     INSERT INTO artifact (kind, asset_id, run_id, unit_key, storage_key, sha256,
                                           size_bytes, media_type, expires_at)
                     SELECT k.kind, a.id, :run, 'v' || a.id, 'ab/cd/' || md5(k.kind || a.id),
                            md5(k.kind || a.id) || md5(a.id::text), 100, 'application/zip',
                            CASE WHEN :sandbox THEN now() + interval '7 days' END
                       FROM a CROSS JOIN k
                     RETURNING id, kind)
              INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, params_hash)
              SELECT id, :run, CASE kind WHEN 'frames' THEN 'keyframes' ELSE kind END, '1',
                     :hash
                FROM ins
              """)
          .param("run", videoRun)
          .param("sandbox", r >= 3)
          .param("hash", NINE.sha256())
          .update();
    }
    jdbc.sql("ANALYZE artifact").update();
    jdbc.sql("ANALYZE lineage").update();
    long someVideo =
        jdbc.sql("SELECT min(id) FROM asset WHERE size_bytes = 1000").query(Long.class).single();
    long asking = run(RunPolicy.production());

    // when
    List<String> plan =
        jdbc.sql("EXPLAIN (ANALYZE, COSTS OFF) " + ArtifactRepository.PRIOR)
            .param("assetId", someVideo)
            .param("kind", "frames")
            .param("toolId", "keyframes")
            .param("toolVersion", "1")
            .param("paramsHash", NINE.sha256())
            .param("runId", asking)
            .param("limit", 3)
            .query(String.class)
            .list();
    plan.forEach(System.out::println);

    // then: the three production frames, newest first, found by walking the index backwards
    List<PriorArtifact> found =
        artifacts.reusable(someVideo, "frames", "keyframes", "1", NINE.sha256(), asking, 3);
    assertThat(found).hasSize(3);
    assertThat(found.get(0).id()).isGreaterThan(found.get(1).id());
    assertThat(plan)
        .anyMatch(line -> line.contains("Index Scan Backward using artifact_asset_kind_idx"));
    assertThat(plan).noneMatch(line -> line.contains("Seq Scan"));
    assertThat(plan).noneMatch(line -> line.contains("Sort"));
  }

  private static List<Long> ids(ToolParameters parameters, long askingRun) {
    return artifacts
        .reusable(asset, "frames", "keyframes", "1", parameters.sha256(), askingRun, 10)
        .stream()
        .map(PriorArtifact::id)
        .toList();
  }

  private static long run(RunPolicy policy) {
    return runs.create(
        RunRequest.allAssets("video-basic", policy, "t"), "1", Map.of("keyframes", "1"));
  }

  private static long frames(
      long runId,
      @Nullable Instant expiresAt,
      String toolId,
      String version,
      ToolParameters parameters,
      int n) {
    return frames(runId, expiresAt, toolId, version, parameters, n, "frames");
  }

  private static long frames(
      long runId,
      @Nullable Instant expiresAt,
      String toolId,
      String version,
      ToolParameters parameters,
      int n,
      String unit) {
    String sha = String.format("%064x", n);
    artifacts.insertWithLineage(
        runId,
        expiresAt,
        List.of(
            new NewArtifact(
                "frames",
                asset,
                unit,
                "00/00/" + sha,
                sha,
                100L,
                "application/zip",
                null,
                toolId,
                version,
                parameters.canonicalJson(),
                parameters.sha256())));
    return jdbc.sql("SELECT id FROM artifact WHERE run_id = ? AND unit_key = ? AND kind = 'frames'")
        .param(runId)
        .param(unit)
        .query(Long.class)
        .single();
  }
}
