package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleFile;
import dev.darkroom.batch.sample.SampleFileKind;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.catalog.AssetRepository;
import dev.darkroom.core.collection.CollectionMembership;
import dev.darkroom.core.coverage.CoverageBasis;
import dev.darkroom.core.coverage.CoverageCounts;
import dev.darkroom.core.coverage.CoverageMap;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.RunStepRepository;
import dev.darkroom.core.coverage.StepCoverage;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.SqlFragment;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.core.tool.ToolResult;
import dev.darkroom.testsupport.CoverageCounterCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Coverage and incremental production runs over the sample archive with the real tools, against
 * real PostgreSQL: the maintained counts equal a recount from the catalog's artifacts, lineage and
 * units after runs, failures, a move, a deletion and a tool version bump; a second run over an
 * unchanged collection plans nothing; the bump makes the next run refresh exactly the stale assets.
 */
@SpringBootTest(classes = {WorkerMain.WorkerApplication.class, CoverageRunTest.BumpableTools.class})
class CoverageRunTest {

  static final SampleArchive ARCHIVE = SampleRun.archive();
  static final AtomicReference<String> THUMBNAIL_VERSION =
      new AtomicReference<>(ThumbnailTool.VERSION);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "CoverageRunTest", ARCHIVE, 4);
  }

  // Listed in classes above, not scanned: see PipelineToolFailureTest.
  static class BumpableTools {
    @Bean
    @Primary
    ToolRegistry bumpableToolRegistry() {
      return ToolRegistry.of(new ImageMetadataTool(), new BumpableThumbnail(), new DigestTool());
    }

    @Bean
    @Primary
    PipelineRegistry digestPipelineRegistry() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, DIGEST));
    }
  }

  static final Pipeline DIGEST =
      new Pipeline("thumbnail-digest", "1", List.of("thumbnail", DigestTool.ID));

  /** A tool made from another tool's artifact: the digest of the unit's thumbnail. */
  static final class DigestTool implements Tool {
    static final String ID = "thumbnail-digest";

    @Override
    public String id() {
      return ID;
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public MediaTypeSet acceptedMediaTypes() {
      return MediaTypeSet.of("image/*");
    }

    @Override
    public ToolParameters resolveParameters(ToolParameters requested) {
      requested.requireOnly(List.of(), ID);
      return ToolParameters.empty();
    }

    @Override
    public ToolResult process(ToolInput input) {
      ToolOutput thumbnail = input.upstream().get(ThumbnailTool.KIND);
      if (thumbnail == null || thumbnail.content() == null) {
        return ToolResult.skipped("no thumbnail to digest");
      }
      String json = "{\"thumbnailBytes\":" + thumbnail.content().length + "}";
      return ToolResult.success(ToolOutput.inline(ID, json).derivedFrom(ThumbnailTool.KIND));
    }
  }

  /** The real thumbnail tool under a version the test can bump, as a new release would. */
  static final class BumpableThumbnail implements Tool {
    private final ThumbnailTool real = new ThumbnailTool();

    @Override
    public String id() {
      return real.id();
    }

    @Override
    public String version() {
      return THUMBNAIL_VERSION.get();
    }

    @Override
    public MediaTypeSet acceptedMediaTypes() {
      return real.acceptedMediaTypes();
    }

    @Override
    public ToolParameters resolveParameters(ToolParameters requested) {
      return real.resolveParameters(requested);
    }

    @Override
    public ToolResult process(ToolInput input) {
      return real.process(input);
    }
  }

  @Autowired ScanService scans;
  @Autowired AssetRepository assets;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired CoverageRepository coverage;
  @Autowired RunStepRepository runSteps;
  @Autowired PipelineRegistry pipelines;
  @Autowired ToolRegistry tools;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  final Map<String, Long> kept = new java.util.LinkedHashMap<>();

  @Test
  void coverageFollowsRunsMovesDeletionsAndAVersionBumpAndRunsPlanOnlyWhatIsNotCurrent()
      throws Exception {
    // given a catalogued archive and its pinned steps (the server pins them at start-up)
    scans.scan(false, p -> {});
    coverage.pin(CoverageSteps.pinned(pipelines, tools));
    // and dynamic collections that keep their members (V93, ADR 0034): by camera (filled in by the
    // runs' metadata), by coverage state, by artifact and by path
    for (String q :
        List.of(
            "camera:\"Canon EOS\"",
            "camera:\"Canon EOS\" failed:thumbnail",
            "missing:thumbnail OR stale:thumbnail",
            "type:image -has:thumbnail",
            "failed:thumbnail",
            "path:moved")) {
      kept.put(
          q,
          jdbc.sql(
                  "INSERT INTO collection (name, kind, query, membership, fill_after)"
                      + " VALUES (?, 'DYNAMIC', ?, 'FILLING', 0) RETURNING id")
              .params("kept " + q, q)
              .query(Long.class)
              .single());
    }
    long live = liveAssets();
    assertThat(counts("thumbnail").missing() + counts("thumbnail").notApplicable()).isEqualTo(live);

    // when a first production run covers everything
    long first = runToEnd(RunRequest.allAssets("images-basic", RunPolicy.production(), "t"));

    // then the counts equal a recount, and the truncated JPEG is failed with its run
    assertMatchesRecount();
    // (nothing was current yet: only the assets no step applies to were left alone)
    assertThat(runSteps.summary(first).unitsCurrent()).isEqualTo(noStepApplies());
    CoverageCounts thumbnails = counts("thumbnail");
    assertThat(thumbnails.current()).isPositive();
    assertThat(thumbnails.failed()).isPositive();
    assertThat(
            coverage.all().stream()
                .filter(r -> r.step().kind().equals("thumbnail"))
                .findFirst()
                .orElseThrow()
                .failedRuns())
        .allSatisfy(f -> assertThat(f.runId()).isEqualTo(first));

    // when a second run covers a collection of what the first run finished
    List<Long> done = search("current:thumbnail current:image-metadata");
    long collection = staticCollection(done);
    long second =
        runToEnd(RunRequest.collection("images-basic", collection, RunPolicy.production(), "t"));

    // then it plans nothing and says so
    assertThat(unitAssets(second)).isEmpty();
    assertThat(runSteps.summary(second).unitsCurrent()).isEqualTo(done.size());

    // and a run over everything plans exactly the assets not current for some step
    Set<Long> notCurrent =
        new HashSet<>(
            search(
                "failed:thumbnail OR missing:thumbnail OR stale:thumbnail"
                    + " OR failed:image-metadata OR missing:image-metadata"
                    + " OR stale:image-metadata"));
    long third = runToEnd(RunRequest.allAssets("images-basic", RunPolicy.production(), "t"));
    assertThat(new HashSet<>(unitAssets(third))).isEqualTo(notCurrent);
    assertMatchesRecount();

    // when a covered file is moved and another deleted, and the archive rescanned
    SampleFile photo = ARCHIVE.file("2019/2019-07 Lake trip/IMG_0412.jpg");
    long photoId = assets.findLiveAt(SampleRun.ROOT_NAME, photo.path()).orElseThrow().id();
    Path moved = ARCHIVE.root().resolve("moved/IMG_0412 renamed.jpg");
    Files.createDirectories(moved.getParent());
    Files.move(ARCHIVE.resolve(photo), moved);
    SampleFile deleted =
        ARCHIVE.ofKind(SampleFileKind.VALID_IMAGE).stream()
            .filter(f -> !f.path().equals(photo.path()))
            .filter(f -> assets.findLiveAt(SampleRun.ROOT_NAME, f.path()).isPresent())
            .filter(f -> ARCHIVE.files().stream().noneMatch(o -> f.path().equals(o.derivedFrom())))
            .findFirst()
            .orElseThrow();
    Files.delete(ARCHIVE.resolve(deleted));
    scans.scan(false, p -> {});

    // then the moved asset is still current and the deleted one is no longer counted
    assertThat(search("current:thumbnail")).contains(photoId);
    assertThat(liveAssets()).isEqualTo(live - 1);
    assertMatchesRecount();
    long fourth =
        runToEnd(RunRequest.collection("images-basic", collection, RunPolicy.production(), "t"));
    assertThat(unitAssets(fourth)).isEmpty();

    // when the thumbnail tool's version is bumped (a new release starts)
    long currentBefore = counts("thumbnail").current();
    Set<Long> currentAssets = new HashSet<>(search("current:thumbnail"));
    THUMBNAIL_VERSION.set("99");
    coverage.pin(CoverageSteps.pinned(pipelines, tools));

    // then every thumbnail turns stale, and the next run refreshes exactly those
    assertThat(counts("thumbnail").stale()).isEqualTo(currentBefore);
    assertThat(counts("thumbnail").current()).isZero();
    assertMatchesRecount();
    Set<Long> membersStale = new HashSet<>(search("collection:" + collectionName(collection)));
    membersStale.retainAll(currentAssets);
    long fifth =
        runToEnd(RunRequest.collection("images-basic", collection, RunPolicy.production(), "t"));
    assertThat(new HashSet<>(unitAssets(fifth))).isEqualTo(membersStale);
    assertThat(
            coverage.collection(collection).stream()
                .filter(r -> r.step().kind().equals("thumbnail"))
                .findFirst()
                .orElseThrow()
                .counts()
                .stale())
        .isZero();
    assertMatchesRecount();

    // and force reprocesses everything in scope
    long forced =
        runToEnd(
            RunRequest.collection("images-basic", collection, RunPolicy.production(), "t")
                .withForce(true));
    assertThat(unitAssets(forced))
        .hasSize(search("collection:" + collectionName(collection)).size());
    THUMBNAIL_VERSION.set(ThumbnailTool.VERSION);
  }

  @Test
  void anArtifactMadeFromAnotherOneRecordsItAsItsLineageInput() {
    // given a pipeline whose second tool digests the first tool's thumbnail (a sandbox run:
    // coverage is not touched)
    scans.scan(false, p -> {});

    // when it runs
    long runId = runToEnd(RunRequest.allAssets(DIGEST.id(), RunPolicy.sandbox(5, 3), "t"));

    // then every digest has exactly the same unit's thumbnail as its input, and only digests do
    List<Map<String, Object>> links =
        jdbc.sql(
                """
                SELECT d.kind AS kind, i.kind AS input_kind, d.unit_key = i.unit_key AS same_unit,
                       i.run_id AS input_run
                  FROM lineage_input li
                  JOIN artifact d ON d.id = li.artifact_id
                  JOIN artifact i ON i.id = li.input_artifact_id
                 WHERE d.run_id = ?
                """)
            .param(runId)
            .query()
            .listOfRows();
    long digests =
        jdbc.sql("SELECT count(*) FROM artifact WHERE run_id = ? AND kind = ?")
            .params(runId, DigestTool.ID)
            .query(Long.class)
            .single();
    assertThat(digests).isPositive();
    assertThat(links).hasSize((int) digests);
    assertThat(links)
        .allSatisfy(
            l -> {
              assertThat(l.get("kind")).isEqualTo(DigestTool.ID);
              assertThat(l.get("input_kind")).isEqualTo(ThumbnailTool.KIND);
              assertThat(l.get("same_unit")).isEqualTo(true);
              assertThat(((Number) l.get("input_run")).longValue()).isEqualTo(runId);
            });
  }

  private long runToEnd(RunRequest request) {
    long runId = creation.create(request);
    PlanResult plan = planning.plan(runId);
    for (int p = 0; p < plan.partitions(); p++) {
      partitionJobs.run(runId, p, PipelineProgress.Listener.NONE);
    }
    return runId;
  }

  private CoverageCounts counts(String kind) {
    return coverage.all().stream()
        .filter(r -> r.step().kind().equals(kind))
        .findFirst()
        .orElseThrow()
        .counts();
  }

  /**
   * Once the queue of changed assets is drained, every kept dynamic collection's map, read from its
   * collection counters, equals the map counted from its query's matches now.
   */
  private void assertKeptCollectionsMatchTheirQueries() {
    if (kept.isEmpty()) {
      return;
    }
    new CollectionMembership(jdbc, new DataSourceTransactionManager(dataSource))
        .catchUp(50, 100_000);
    for (Map.Entry<String, Long> e : kept.entrySet()) {
      CoverageMap map = coverage.collectionMap(e.getValue());
      assertThat(map.basis()).as(e.getKey()).isEqualTo(CoverageBasis.KEPT);
      assertThat(map.membership().pendingChanges()).as(e.getKey()).isZero();
      assertThat(map.steps())
          .as(e.getKey())
          .isEqualTo(coverage.scoped(AssetQuery.parse(e.getKey()).liveAssetIds()));
    }
    assertThat(coverage.collection(kept.get("camera:\"Canon EOS\"")))
        .as("the runs' metadata put Canon files in it")
        .anySatisfy(r -> assertThat(r.counts().total()).isPositive());
  }

  private void assertMatchesRecount() {
    Map<String, CoverageCounts> maintained =
        coverage.all().stream()
            .collect(Collectors.toMap(r -> r.step().kind(), StepCoverage::counts));
    assertThat(maintained).isEqualTo(recountFromScratch());
    // and every counter (all assets, the static collection's, the kinds') equals a recount
    CoverageCounterCheck.assertCountersMatchRecount(dataSource);
    assertKeptCollectionsMatchTheirQueries();
    CoverageCounterCheck.assertCountersMatchRecount(dataSource);
  }

  /**
   * Coverage from the catalog's own history: per live asset and step, the newest production
   * artifact of the tool (by run) against the newest production unit failure naming the tool (or
   * the whole unit), compared with the pinned version and parameters.
   */
  private Map<String, CoverageCounts> recountFromScratch() {
    return jdbc
        .sql(
            """
            WITH live AS (
              SELECT a.id, a.media_type FROM asset a
               WHERE EXISTS (SELECT 1 FROM asset_location l
                              WHERE l.asset_id = a.id AND l.gone_at IS NULL)),
            made AS (
              SELECT DISTINCT ON (ar.asset_id, l.tool_id)
                     ar.asset_id, l.tool_id, ar.run_id, l.tool_version, l.params_hash
                FROM artifact ar JOIN lineage l ON l.artifact_id = ar.id
                JOIN run r ON r.id = ar.run_id AND r.policy = 'PRODUCTION'
               ORDER BY ar.asset_id, l.tool_id, ar.run_id DESC),
            failed AS (
              SELECT st.tool_id, u.asset_id, max(u.run_id) AS run_id
                FROM run_unit u JOIN run r ON r.id = u.run_id AND r.policy = 'PRODUCTION'
                CROSS JOIN coverage_step st
               WHERE u.status = 'FAILED'
                 AND (u.error LIKE st.tool_id || ': %' OR u.error LIKE '%; ' || st.tool_id || ': %'
                      OR NOT EXISTS (SELECT 1 FROM coverage_step o
                                      WHERE u.error LIKE o.tool_id || ': %'))
               GROUP BY st.tool_id, u.asset_id),
            state AS (
              SELECT st.kind,
                     CASE
                       WHEN NOT coverage_accepts(st.accepted, a.media_type) THEN 'na'
                       WHEN f.run_id IS NOT NULL AND (m.run_id IS NULL OR f.run_id > m.run_id)
                         THEN 'failed'
                       WHEN m.run_id IS NULL THEN 'missing'
                       WHEN m.tool_version = st.tool_version AND m.params_hash = st.params_hash
                         THEN 'current'
                       ELSE 'stale'
                     END AS s
                FROM live a CROSS JOIN coverage_step st
                LEFT JOIN made m ON m.asset_id = a.id AND m.tool_id = st.tool_id
                LEFT JOIN failed f ON f.asset_id = a.id AND f.tool_id = st.tool_id)
            SELECT kind,
                   count(*) FILTER (WHERE s = 'current') AS current,
                   count(*) FILTER (WHERE s = 'stale') AS stale,
                   count(*) FILTER (WHERE s = 'missing') AS missing,
                   count(*) FILTER (WHERE s = 'failed') AS failed,
                   count(*) FILTER (WHERE s = 'na') AS na
              FROM state GROUP BY kind
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

  private long noStepApplies() {
    return jdbc.sql(
            """
            SELECT count(*) FROM coverage_asset c
             WHERE NOT EXISTS (SELECT 1 FROM coverage_step s
                                WHERE s.tool_id IN ('thumbnail', 'image-metadata')
                                  AND coverage_accepts(s.accepted, c.media_type))
            """)
        .query(Long.class)
        .single();
  }

  private long liveAssets() {
    return jdbc.sql(
            "SELECT count(*) FROM asset a WHERE EXISTS (SELECT 1 FROM asset_location l"
                + " WHERE l.asset_id = a.id AND l.gone_at IS NULL)")
        .query(Long.class)
        .single();
  }

  private List<Long> search(String query) {
    SqlFragment ids = AssetQuery.parse(query).liveAssetIds();
    return jdbc.sql(ids.sql() + " ORDER BY a.id").params(ids.params()).query(Long.class).list();
  }

  private long staticCollection(List<Long> members) {
    long id =
        jdbc.sql("INSERT INTO collection (name, kind) VALUES ('done', 'STATIC') RETURNING id")
            .query(Long.class)
            .single();
    for (long asset : members) {
      jdbc.sql("INSERT INTO collection_member (collection_id, asset_id) VALUES (?, ?)")
          .params(id, asset)
          .update();
    }
    return id;
  }

  private String collectionName(long id) {
    return jdbc.sql("SELECT name FROM collection WHERE id = ?")
        .param(id)
        .query(String.class)
        .single();
  }

  private List<Long> unitAssets(long runId) {
    return jdbc.sql("SELECT asset_id FROM run_unit WHERE run_id = ? ORDER BY unit_key")
        .param(runId)
        .query(Long.class)
        .list();
  }
}
