package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.batch.tools.video.Ffmpeg;
import dev.darkroom.batch.tools.video.Videos;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Frames reused across runs (ADR 0036), end to end through the batch pipeline (real PostgreSQL, the
 * filesystem artifact store, real ffmpeg/ffprobe): a second production {@code video-basic} run of
 * the same videos runs ffmpeg for no frames (its runs counted) and its poster and sheet name the
 * first run's {@code frames} artifact in their lineage; other frame settings are extracted anew; a
 * production run never takes a sandbox run's frames, a sandbox run takes production ones; a frames
 * artifact whose blob is gone from the store is extracted again and the unit is done.
 */
@SpringBootTest(classes = {WorkerMain.WorkerApplication.class, FramesReuseTest.VideoTools.class})
class FramesReuseTest {

  static final Path BASE = tempDirectory();
  static final Path ROOT = BASE.resolve("videos");
  static final Path TEMP = BASE.resolve("tmp");

  /** ffmpeg and ffprobe from the PATH, counting their runs. */
  static final Ffmpeg FFMPEG = Ffmpeg.fromPath(TEMP);

  /** The poster and the sheet without a keyframes step: they look frames up themselves. */
  static final Pipeline SHEET_ONLY =
      new Pipeline("video-sheet", "1", List.of("video-probe", "video-thumbnail", "contact-sheet"));

  static final List<String> VIDEOS = List.of("clip.mp4", "holiday.mkv", "IMG_0001.MOV");

  static class VideoTools {
    @Bean
    @Primary
    ToolRegistry countingToolRegistry() {
      return StandardTools.registry(FFMPEG);
    }

    @Bean
    @Primary
    PipelineRegistry videoPipelineRegistry() {
      return new PipelineRegistry(
          List.of(PipelineRegistry.IMAGES_BASIC, PipelineRegistry.VIDEO_BASIC, SHEET_ONLY));
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("FramesReuseTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> BASE.resolve("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
  }

  @BeforeAll
  static void videos() throws IOException {
    Videos.assumeFfmpeg();
    Files.createDirectories(TEMP);
    Videos.phoneMovie(ROOT.resolve("IMG_0001.MOV"));
    Videos.testPattern(ROOT.resolve("clip.mp4"), 640, 360, 4);
    Videos.testPattern(ROOT.resolve("holiday.mkv"), 320, 240, 2);
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired ArtifactStore store;
  @Autowired JdbcClient jdbc;

  @Test
  void aSecondProductionRunReusesTheFirstRunsFramesWithoutFfmpegAndNamesThemInLineage() {
    scans.scan(false, p -> {});
    run("video-basic", RunPolicy.production(), ToolParameters.empty());
    Map<String, Long> reusable = newestProductionFrames(ToolParameters.empty());
    assertThat(reusable).containsOnlyKeys(VIDEOS);
    long before = FFMPEG.ffmpegRuns();

    long second = run("video-basic", RunPolicy.production(), ToolParameters.empty());

    assertThat(FFMPEG.ffmpegRuns() - before).as("ffmpeg runs for frames").isZero();
    assertThat(statuses(second)).containsOnlyKeys(VIDEOS).allSatisfy((k, s) -> assertDone(s));
    for (String video : VIDEOS) {
      assertThat(kinds(second, video))
          .as("no new frames artifact: the keyframes step reused one")
          .containsExactlyInAnyOrder("video-probe", "thumbnail", "contact-sheet");
      assertThat(inputs(second, video))
          .containsExactlyInAnyOrder(
              "thumbnail<-" + reusable.get(video), "contact-sheet<-" + reusable.get(video));
    }
    // coverage says the keyframes step is current for each video, produced by the second run
    assertThat(
            jdbc.sql(
                    """
                    SELECT count(*) FROM coverage_state
                     WHERE tool_id = 'keyframes' AND status = 'PRODUCED' AND run_id = ?
                    """)
                .param(second)
                .query(Long.class)
                .single())
        .isEqualTo(VIDEOS.size());
  }

  @Test
  void otherFrameSettingsAreExtractedAnewThenReusedThemselves() {
    scans.scan(false, p -> {});
    ToolParameters five = frameSettings(5, 200);
    long before = FFMPEG.ffmpegRuns();

    long first = run("video-basic", RunPolicy.production(), five);

    assertThat(FFMPEG.ffmpegRuns() - before).isEqualTo(VIDEOS.size());
    assertThat(countFrames(first)).isEqualTo(VIDEOS.size());
    before = FFMPEG.ffmpegRuns();
    long again = run("video-basic", RunPolicy.production(), five);
    assertThat(FFMPEG.ffmpegRuns() - before).isZero();
    assertThat(countFrames(again)).isZero();
  }

  @Test
  void aProductionRunNeverReusesSandboxFramesAndASandboxRunReusesProductionOnes() {
    scans.scan(false, p -> {});
    ToolParameters three = frameSettings(3, 160);
    long before = FFMPEG.ffmpegRuns();
    long sandbox = run("video-basic", RunPolicy.sandbox(10, 1), three);
    assertThat(FFMPEG.ffmpegRuns() - before).isEqualTo(VIDEOS.size());
    assertThat(countFrames(sandbox)).isEqualTo(VIDEOS.size());

    // when: a production run asks for the same frames
    before = FFMPEG.ffmpegRuns();
    long production = run("video-basic", RunPolicy.production(), three);

    // then: it extracts them, not taking the sandbox's (which expire)
    assertThat(FFMPEG.ffmpegRuns() - before).isEqualTo(VIDEOS.size());
    assertThat(countFrames(production)).isEqualTo(VIDEOS.size());

    // and: a later sandbox run takes the production frames
    before = FFMPEG.ffmpegRuns();
    long laterSandbox = run("video-basic", RunPolicy.sandbox(10, 2), three);
    assertThat(FFMPEG.ffmpegRuns() - before).isZero();
    Map<String, Long> productionFrames = newestProductionFrames(three);
    for (String video : VIDEOS) {
      assertThat(inputs(laterSandbox, video))
          .contains("contact-sheet<-" + productionFrames.get(video));
    }
  }

  @Test
  void withoutAKeyframesStepThePosterLooksUpStoredFramesAndTheSheetUsesThemToo() {
    scans.scan(false, p -> {});
    ToolParameters seven = frameSettings(7, 128);
    run("video-basic", RunPolicy.production(), seven);
    Map<String, Long> stored = newestProductionFrames(seven);
    long before = FFMPEG.ffmpegRuns();

    long sheets =
        run(
            SHEET_ONLY.id(),
            RunPolicy.production(),
            ToolParameters.of(
                Map.of(
                    "video-thumbnail", Map.of("frameCount", 7, "frameSize", 128),
                    "contact-sheet", Map.of("frameCount", 7, "frameSize", 128))));

    assertThat(FFMPEG.ffmpegRuns() - before).isZero();
    for (String video : VIDEOS) {
      assertThat(inputs(sheets, video))
          .containsExactlyInAnyOrder(
              "thumbnail<-" + stored.get(video), "contact-sheet<-" + stored.get(video));
    }
  }

  @Test
  void framesWhoseBlobIsGoneOrDamagedAreExtractedAgainAndTheUnitIsDone() throws IOException {
    scans.scan(false, p -> {});
    ToolParameters six = frameSettings(6, 144);
    run("video-basic", RunPolicy.production(), six);
    Map<String, Long> stored = newestProductionFrames(six);
    String key = storageKey(stored.get("clip.mp4"));
    assertThat(store.delete(key)).isTrue();
    // the holiday's blob is there but no longer has the content its key names
    Path damaged = blobFile(storageKey(stored.get("holiday.mkv")));
    Files.write(damaged, "not the frames".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long before = FFMPEG.ffmpegRuns();

    long again = run("video-basic", RunPolicy.production(), six);

    assertThat(statuses(again)).containsOnlyKeys(VIDEOS).allSatisfy((k, s) -> assertDone(s));
    assertThat(FFMPEG.ffmpegRuns() - before)
        .as("the clip's and the holiday's frames extracted, the phone movie's reused")
        .isEqualTo(2);
    assertThat(kinds(again, "clip.mp4")).contains("frames");
    assertThat(kinds(again, "holiday.mkv")).contains("frames");
    assertThat(kinds(again, "IMG_0001.MOV")).doesNotContain("frames");
    assertThat(inputs(again, "holiday.mkv"))
        .contains("contact-sheet<-" + newestProductionFrames(six).get("holiday.mkv"));
    long fresh = newestProductionFrames(six).get("clip.mp4");
    assertThat(fresh).isNotEqualTo(stored.get("clip.mp4"));
    assertThat(inputs(again, "clip.mp4")).contains("contact-sheet<-" + fresh);
    String freshKey = storageKey(fresh);
    assertThat(store.exists(freshKey)).as("the extracted frames are stored again").isTrue();
  }

  private String storageKey(long artifactId) {
    return jdbc.sql("SELECT storage_key FROM artifact WHERE id = ?")
        .param(artifactId)
        .query(String.class)
        .single();
  }

  /** The file of a blob in the filesystem store under the data directory. */
  private static Path blobFile(String key) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(BASE.resolve("data"))) {
      return files
          .filter(file -> file.endsWith(key) && Files.isRegularFile(file))
          .findFirst()
          .orElseThrow();
    }
  }

  private static void assertDone(String status) {
    assertThat(status).isEqualTo("DONE");
  }

  /** The same frame settings for every tool that takes frames. */
  private static ToolParameters frameSettings(int count, int size) {
    Map<String, Object> frames = Map.of("frameCount", count, "frameSize", size);
    return ToolParameters.of(
        Map.of("keyframes", frames, "video-thumbnail", frames, "contact-sheet", frames));
  }

  private long run(String pipeline, RunPolicy policy, ToolParameters parameters) {
    long runId =
        creation.create(
            RunRequest.allAssets(pipeline, policy, "t").withParameters(parameters).withForce(true));
    planning.plan(runId);
    PartitionProgress end = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    return runId;
  }

  /** Per video, the id of the newest production frames the keyframes tool made with these. */
  private Map<String, Long> newestProductionFrames(ToolParameters runParameters) {
    Object keyframes = runParameters.values().get("keyframes");
    @SuppressWarnings("unchecked")
    Map<String, Object> settings = keyframes == null ? Map.of() : (Map<String, Object>) keyframes;
    ToolParameters effective =
        ToolParameters.of(
            Map.of(
                "frameCount", settings.getOrDefault("frameCount", 9),
                "frameSize", settings.getOrDefault("frameSize", 512)));
    return jdbc
        .sql(
            """
            SELECT l.rel_path, max(a.id)
              FROM artifact a
              JOIN lineage g ON g.artifact_id = a.id
              JOIN asset_location l ON l.asset_id = a.asset_id
             WHERE a.kind = 'frames' AND a.expires_at IS NULL AND g.tool_id = 'keyframes'
               AND g.params_hash = ?
             GROUP BY l.rel_path
            """)
        .param(effective.sha256())
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private long countFrames(long runId) {
    return jdbc.sql("SELECT count(*) FROM artifact WHERE run_id = ? AND kind = 'frames'")
        .param(runId)
        .query(Long.class)
        .single();
  }

  private Map<String, String> statuses(long runId) {
    return jdbc
        .sql(
            """
            SELECT l.rel_path, u.status
              FROM run_unit u JOIN asset_location l ON l.asset_id = u.asset_id
             WHERE u.run_id = ?
            """)
        .param(runId)
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private List<String> kinds(long runId, String relPath) {
    return jdbc.sql(
            """
            SELECT a.kind FROM artifact a JOIN asset_location l ON l.asset_id = a.asset_id
             WHERE a.run_id = ? AND l.rel_path = ?
            """)
        .param(runId)
        .param(relPath)
        .query(String.class)
        .list();
  }

  /** Lineage inputs of a unit's artifacts in a run as "kind<-input artifact id". */
  private List<String> inputs(long runId, String relPath) {
    return jdbc.sql(
            """
            SELECT a.kind || '<-' || li.input_artifact_id
              FROM artifact a
              JOIN asset_location l ON l.asset_id = a.asset_id
              JOIN lineage_input li ON li.artifact_id = a.id
             WHERE a.run_id = ? AND l.rel_path = ?
               AND a.kind IN ('thumbnail', 'contact-sheet')
            """)
        .param(runId)
        .param(relPath)
        .query(String.class)
        .list();
  }

  private static Path tempDirectory() {
    try {
      return Files.createTempDirectory("darkroom-frames-reuse");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
