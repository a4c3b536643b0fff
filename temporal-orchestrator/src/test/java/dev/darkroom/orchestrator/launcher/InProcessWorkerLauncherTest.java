package dev.darkroom.orchestrator.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.SampleArchives;
import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.testsupport.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The in-process launcher over the sample archive, against real PostgreSQL and real tools. */
@SpringBootTest(classes = InProcessWorkerLauncherTest.App.class)
class InProcessWorkerLauncherTest {

  static final SampleArchive ARCHIVE = SampleArchives.inTemp("darkroom-launcher");

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(RunsConfiguration.class)
  static class App {}

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("InProcessWorkerLauncherTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", () -> ARCHIVE.root().resolveSibling("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "3");
  }

  @Autowired InProcessWorkerLauncher launcher;
  @Autowired PartitionJobService jobs;
  @Autowired PartitionRepository partitions;
  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired ArtifactRepository artifacts;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void catalogTheArchive() {
    scans.scan(false, p -> {});
  }

  @Test
  void launchedPartitionReportsProgressUntilItCompletes() throws Exception {
    long runId = plannedRun();

    PartitionHandle handle = launcher.launch(launch(runId));
    PartitionProgress end = awaitEnd(launcher, handle);

    assertThat(launcher.name()).isEqualTo("in-process");
    assertThat(handle.launcher()).isEqualTo("in-process");
    assertThat(Long.parseLong(handle.reference())).isPositive();
    assertThat(end.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(end.unitsDone() + end.unitsFailed()).isEqualTo(end.unitsTotal());
    assertThat(end.unitsFailed()).isGreaterThan(0); // the truncated JPEG
    assertThat(partitions.find(runId, 0).orElseThrow().launcher()).isEqualTo("in-process");
  }

  @Test
  void awaitProgressReturnsAsSoonAsTheJobEndsNotAfterTheTimeout() throws Exception {
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));
    long start = System.nanoTime();

    PartitionProgress end = launcher.awaitProgress(handle, Duration.ofMinutes(3));

    assertThat(end.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(90));
  }

  @Test
  void stopEndsThePartitionAtAChunkBoundaryAndCommittedResultsStay() throws Exception {
    long runId = plannedRun();
    CountDownLatch firstCommit = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (InProcessWorkerLauncher blocking =
        new InProcessWorkerLauncher(
            jobs,
            partitions,
            new InProcessLauncherProperties(2, Duration.ofSeconds(30)),
            progress -> {
              firstCommit.countDown();
              await(release);
            })) {
      PartitionHandle handle = blocking.launch(launch(runId));
      assertThat(firstCommit.await(60, TimeUnit.SECONDS)).isTrue();

      blocking.stop(handle);
      release.countDown();
      PartitionProgress stopped = awaitEnd(blocking, handle);

      assertThat(stopped.state()).isEqualTo(PartitionProgress.State.STOPPED);
      assertThat(partitions.find(runId, 0).orElseThrow().status())
          .isEqualTo(PartitionStatus.STOPPED);
      // The first chunk's units stay; after the stop no further tool starts (ADR 0030), so the
      // chunk after it ends at its first unit, which is left for the next launch.
      long committed = stopped.unitsDone() + stopped.unitsFailed();
      assertThat(committed).isPositive().isLessThan(stopped.unitsTotal());
      assertThat(artifacts.countByRun(runId)).isPositive();
      Map<String, String> statuses = statuses(runId);
      Map<String, Long> lineage = lineage(runId);
      statuses.forEach(
          (key, status) -> {
            if (status.equals("DONE")) {
              assertThat(lineage.get(key)).as(key).isEqualTo(2);
            } else if (status.equals("PENDING")) {
              assertThat(lineage.get(key)).as(key).isNull();
            }
          });

      PartitionProgress resumed = awaitEnd(launcher, launcher.launch(launch(runId)));

      assertThat(resumed.state()).isEqualTo(PartitionProgress.State.COMPLETED);
      assertThat(resumed.unitsDone() + resumed.unitsFailed()).isEqualTo(resumed.unitsTotal());
      assertThat(partitions.find(runId, 0).orElseThrow().jobExecutionIds()).hasSize(2);
    }
  }

  private long plannedRun() {
    long runId =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "test").withForce(true));
    PlanResult plan = planning.plan(runId);
    assertThat(plan.partitions()).isEqualTo(1);
    return runId;
  }

  private static PartitionLaunch launch(long runId) {
    return new PartitionLaunch(runId, 0, "images-basic", "1", Map.of());
  }

  private static PartitionProgress awaitEnd(WorkerLauncher launcher, PartitionHandle handle)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    PartitionProgress progress = launcher.progress(handle);
    while (!progress.finished() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      progress = launcher.progress(handle);
    }
    return progress;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<String, String> statuses(long runId) {
    return jdbc
        .sql("SELECT unit_key, status FROM run_unit WHERE run_id = ?")
        .param(runId)
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private Map<String, Long> lineage(long runId) {
    return jdbc
        .sql(
            """
            SELECT a.unit_key, count(*) FROM artifact a JOIN lineage l ON l.artifact_id = a.id
             WHERE a.run_id = ? GROUP BY a.unit_key
            """)
        .param(runId)
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
