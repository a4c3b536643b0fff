package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.batch.tools.video.Ffmpeg;
import dev.darkroom.batch.tools.video.Videos;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
 * A stop request kills the external program a tool is waiting on, instead of waiting for the
 * program's time limit at the chunk boundary. The real ffprobe is made to hang: the video's path is
 * replaced, after the scan, by a named pipe nobody writes to, so ffprobe blocks opening it until it
 * is killed. Its time limit here is 10 minutes; each stop must end the partition long before that.
 * The request comes both ways a partition learns of one: from {@code run_partition}, as a worker
 * JVM or pod does (checked every second), and from {@link PartitionJobService#stop} in this JVM.
 * The unit is neither failed nor done, and the next launch processes it.
 */
@SpringBootTest(
    classes = {WorkerMain.WorkerApplication.class, StopKillsToolProcessTest.Tools.class})
class StopKillsToolProcessTest {

  static final Path BASE = tempDirectory();
  static final Path ROOT = BASE.resolve("videos");
  static final Path TEMP = BASE.resolve("tmp");
  static final Path VIDEO = ROOT.resolve("hangs.mp4");

  /** Far beyond the waits below: a partition that ends in time did not wait for it. */
  static final Duration TOOL_LIMIT = Duration.ofMinutes(10);

  static class Tools {
    @Bean
    @Primary
    ToolRegistry patientToolRegistry() {
      return StandardTools.registry(Ffmpeg.fromPath(TEMP, TOOL_LIMIT, TOOL_LIMIT));
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("StopKillsToolProcessTest").registerWith(registry);
    registry.add("darkroom.archive.roots", ROOT::toString);
    registry.add("darkroom.data-dir", () -> BASE.resolve("data").toString());
  }

  @BeforeAll
  static void video() throws IOException {
    Videos.assumeFfmpeg();
    Files.createDirectories(TEMP);
    Videos.testPattern(VIDEO, 320, 240, 2);
  }

  @AfterAll
  static void cleanUp() throws IOException {
    if (Files.exists(BASE)) {
      try (Stream<Path> all = Files.walk(BASE)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired PartitionRepository partitions;
  @Autowired JdbcClient jdbc;

  @Test
  void aStopKillsTheHangingFfprobeAtOnceAndTheNextLaunchProcessesTheUnit() throws Exception {
    // given a catalogued video whose file now hangs any reader, and a planned video-basic run
    scans.scan(false, p -> {});
    long runId =
        creation.create(
            RunRequest.allAssets("video-basic", RunPolicy.production(), "t").withForce(true));
    planning.plan(runId);
    Path real = BASE.resolve("hangs.mp4.real");
    Files.move(VIDEO, real);
    mkfifo(VIDEO);
    ExecutorService launches = Executors.newSingleThreadExecutor();
    try {
      // when the stop is written to run_partition, as the server does for a worker JVM's partition
      Future<PartitionProgress> first = launch(launches, runId);
      ProcessHandle ffprobe = awaitChild("ffprobe");
      partitions.markStopping(runId, 0);

      // then the partition stops long before ffprobe's time limit, and ffprobe is gone
      assertThat(first.get(3, TimeUnit.MINUTES).state()).isEqualTo(PartitionProgress.State.STOPPED);
      assertThat(ffprobe.isAlive()).isFalse();
      assertUnitUnfinished(runId);
      noTemporaryFilesLeft();

      // when the stop is asked of this JVM's partition service, as the in-process launcher does
      Future<PartitionProgress> second = launch(launches, runId);
      ProcessHandle again = awaitChild("ffprobe");
      partitionJobs.stop(runId, 0);

      // then the same
      assertThat(second.get(3, TimeUnit.MINUTES).state())
          .isEqualTo(PartitionProgress.State.STOPPED);
      assertThat(again.isAlive()).isFalse();
      assertUnitUnfinished(runId);
      noTemporaryFilesLeft();
    } finally {
      launches.shutdownNow();
    }

    // and once the file is readable again, the next launch processes the unit
    Files.delete(VIDEO);
    Files.move(real, VIDEO);
    PartitionProgress third = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);
    assertThat(third.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(unit(runId)).containsEntry("status", "DONE");
    noTemporaryFilesLeft();
  }

  private Future<PartitionProgress> launch(ExecutorService launches, long runId) {
    return launches.submit(() -> partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE));
  }

  /** The child of this JVM running {@code program} on the video, once it has started. */
  private static ProcessHandle awaitChild(String program) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      Optional<ProcessHandle> child =
          ProcessHandle.current()
              .descendants()
              .filter(p -> p.info().command().orElse("").endsWith("/" + program))
              .filter(p -> p.info().commandLine().orElse("").contains(VIDEO.toString()))
              .findFirst();
      if (child.isPresent()) {
        return child.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError(program + " never started on " + VIDEO);
  }

  private void assertUnitUnfinished(long runId) {
    Map<String, Object> unit = unit(runId);
    assertThat(unit.get("status")).isIn("PENDING", "RUNNING");
    assertThat(unit.get("error")).isNull();
    assertThat(
            jdbc.sql("SELECT count(*) FROM artifact WHERE run_id = ?")
                .param(runId)
                .query(Long.class)
                .single())
        .isZero();
  }

  private Map<String, Object> unit(long runId) {
    return jdbc.sql("SELECT status, error FROM run_unit WHERE run_id = ?")
        .param(runId)
        .query()
        .singleRow();
  }

  private static void mkfifo(Path path) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  private static void noTemporaryFilesLeft() throws IOException {
    try (Stream<Path> left = Files.list(TEMP)) {
      assertThat(left).isEmpty();
    }
  }

  private static Path tempDirectory() {
    try {
      return Files.createTempDirectory("darkroom-stop-kills-tool");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
