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
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * {@code video-basic} end to end through the batch pipeline (real PostgreSQL, the filesystem
 * artifact store, real ffmpeg/ffprobe) over videos ffmpeg generated: probe, frames, poster
 * thumbnail and contact sheet with their lineage, the catalog columns filled from the probe, a
 * broken video failed with ffprobe's reason and its later steps not run, and the frames extracted
 * once per video and reused (ffmpeg's runs counted).
 */
@SpringBootTest(classes = {WorkerMain.WorkerApplication.class, VideoPipelineTest.VideoTools.class})
class VideoPipelineTest {

  static final Path BASE = tempDirectory();
  static final Path ROOT = BASE.resolve("videos");
  static final Path TEMP = BASE.resolve("tmp");

  /** ffmpeg and ffprobe from the PATH, temporary files under the test's own directory. */
  static final Ffmpeg FFMPEG = Ffmpeg.fromPath(TEMP);

  /** Extracts frames in the poster step and keeps them, so the sheet reuses them. */
  static final Pipeline INLINE =
      new Pipeline("video-inline", "1", List.of("video-probe", "video-thumbnail", "contact-sheet"));

  static final int GOOD_VIDEOS = 3;

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
          List.of(PipelineRegistry.IMAGES_BASIC, PipelineRegistry.VIDEO_BASIC, INLINE));
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("VideoPipelineTest").registerWith(registry);
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
    Path whole = Videos.testPattern(BASE.resolve("whole.mp4"), 320, 240, 5);
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(ROOT.resolve("broken.mp4"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired JdbcClient jdbc;

  @Test
  void videoBasicMakesProbeFramesPosterAndSheetWithLineageAndExtractsFramesOncePerVideo()
      throws IOException {
    scans.scan(false, p -> {});
    long ffmpegRunsBefore = FFMPEG.ffmpegRuns();

    long runId = run("video-basic", RunPolicy.production());

    Map<String, String> status = byName(runId, "u.status");
    assertThat(status)
        .containsEntry("IMG_0001.MOV", "DONE")
        .containsEntry("clip.mp4", "DONE")
        .containsEntry("holiday.mkv", "DONE")
        .containsEntry("broken.mp4", "FAILED");
    assertThat(byName(runId, "u.error").get("broken.mp4"))
        .isEqualTo(
            "video-probe: cannot read video: moov atom not found;"
                + " broken.mp4: Invalid data found when processing input;"
                + " keyframes: not run: input missing (video-probe);"
                + " video-thumbnail: not run: input missing (video-probe);"
                + " contact-sheet: not run: input missing (video-probe)");
    assertThat(kinds(runId, "clip.mp4"))
        .containsExactlyInAnyOrder("video-probe", "frames", "thumbnail", "contact-sheet");
    assertThat(inputs(runId, "clip.mp4"))
        .containsExactlyInAnyOrder(
            "frames<-video-probe", "thumbnail<-frames", "contact-sheet<-frames");
    // One ffmpeg run per good video: the keyframes step; poster and sheet reused its frames.
    assertThat(FFMPEG.ffmpegRuns() - ffmpegRunsBefore).isEqualTo(GOOD_VIDEOS);

    Map<String, Object> phone =
        jdbc.sql(
                """
                SELECT a.width, a.height, a.duration_ms, a.captured_at, a.gps_latitude,
                       a.gps_longitude, a.camera_model
                  FROM asset a JOIN asset_location l ON l.asset_id = a.id
                 WHERE l.rel_path = 'IMG_0001.MOV'
                """)
            .query()
            .singleRow();
    assertThat(phone.get("width")).isEqualTo(320);
    assertThat(phone.get("height")).isEqualTo(240);
    assertThat(phone.get("duration_ms")).isEqualTo(3000L);
    assertThat(((java.sql.Timestamp) phone.get("captured_at")).toInstant())
        .isEqualTo(OffsetDateTime.parse("2021-06-01T12:20:30+02:00").toInstant());
    assertThat(phone.get("gps_latitude")).isEqualTo(48.8584);
    assertThat(phone.get("gps_longitude")).isEqualTo(2.2945);
    assertThat(phone.get("camera_model")).isEqualTo("iPhone 12");
    noTemporaryFilesLeft();
  }

  @Test
  void aSandboxRunTakesFewerSmallerFramesAndStillExtractsOncePerVideo() {
    scans.scan(false, p -> {});
    long ffmpegRunsBefore = FFMPEG.ffmpegRuns();

    long runId = run("video-basic", RunPolicy.sandbox(10, 1));

    assertThat(FFMPEG.ffmpegRuns() - ffmpegRunsBefore).isEqualTo(GOOD_VIDEOS);
    String parameters =
        jdbc.sql(
                """
                SELECT l.parameters::text FROM artifact a JOIN lineage l ON l.artifact_id = a.id
                 WHERE a.run_id = ? AND a.kind = 'frames' LIMIT 1
                """)
            .param(runId)
            .query(String.class)
            .single();
    assertThat(parameters).contains("\"frameCount\": 4").contains("\"frameSize\": 256");
  }

  @Test
  void withoutAKeyframesStepThePosterExtractsAndKeepsFramesAndTheSheetReusesThem() {
    scans.scan(false, p -> {});
    long ffmpegRunsBefore = FFMPEG.ffmpegRuns();

    // Frame settings of its own: frames the keyframes step stored in another test's production
    // run would otherwise be looked up and reused (ADR 0036), and nothing extracted here.
    Map<String, Object> frames = Map.of("frameCount", 8, "frameSize", 300);
    long runId =
        run(
            INLINE.id(),
            RunPolicy.production(),
            ToolParameters.of(Map.of("video-thumbnail", frames, "contact-sheet", frames)));

    assertThat(FFMPEG.ffmpegRuns() - ffmpegRunsBefore).isEqualTo(GOOD_VIDEOS);
    assertThat(kinds(runId, "clip.mp4"))
        .containsExactlyInAnyOrder("video-probe", "frames", "thumbnail", "contact-sheet");
    assertThat(inputs(runId, "clip.mp4"))
        .containsExactlyInAnyOrder(
            "frames<-video-probe",
            "thumbnail<-video-probe",
            "thumbnail<-frames",
            "contact-sheet<-frames");
  }

  private long run(String pipeline, RunPolicy policy) {
    return run(pipeline, policy, ToolParameters.empty());
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

  private Map<String, String> byName(long runId, String column) {
    return jdbc
        .sql(
            """
            SELECT l.rel_path, %s
              FROM run_unit u JOIN asset_location l ON l.asset_id = u.asset_id
             WHERE u.run_id = ?
            """
                .formatted(column))
        .param(runId)
        .query((rs, row) -> Map.entry(rs.getString(1), String.valueOf(rs.getString(2))))
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

  /** Lineage inputs of a unit's artifacts as "kind<-input kind". */
  private List<String> inputs(long runId, String relPath) {
    return jdbc.sql(
            """
            SELECT a.kind || '<-' || up.kind
              FROM artifact a
              JOIN asset_location l ON l.asset_id = a.asset_id
              JOIN lineage_input li ON li.artifact_id = a.id
              JOIN artifact up ON up.id = li.input_artifact_id
             WHERE a.run_id = ? AND l.rel_path = ?
            """)
        .param(runId)
        .param(relPath)
        .query(String.class)
        .list();
  }

  private static void noTemporaryFilesLeft() throws IOException {
    try (Stream<Path> left = Files.list(TEMP)) {
      assertThat(left).isEmpty();
    }
  }

  private static Path tempDirectory() {
    try {
      return Files.createTempDirectory("darkroom-video-pipeline");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
