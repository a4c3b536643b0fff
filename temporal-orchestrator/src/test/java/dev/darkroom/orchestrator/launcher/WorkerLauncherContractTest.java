package dev.darkroom.orchestrator.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.RunArtifactsAssert;
import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

/**
 * The contract of the {@link WorkerLauncher} port, run against each adapter by a subclass that only
 * says which launcher to test ({@link #launcher()}).
 *
 * <p>What a subclass gets: a Spring context of {@link RunsConfiguration} (every configured
 * launcher, the batch jobs, the JDBC repositories) on a fresh PostgreSQL database (test-support's
 * embedded server), the sample archive (33 files, 31 images, one of them truncated) scanned before
 * each test, the {@value PacedTools#PIPELINE} pipeline of {@link PacedTools} (image metadata plus a
 * tool that takes {@code darkroom.runs.test.pace-millis} per image and stores a blob) in chunks of
 * 2 units, and one partition per run. A launcher whose jobs run elsewhere (a worker JVM, a pod)
 * must run them with that pipeline and against the same database and artifact store: the process
 * launcher's subclass starts {@link PacedWorkerMain} with the test JVM's class path.
 *
 * <p>What the contract says: a launched partition reports progress from PostgreSQL until it
 * completes, every unit done or failed exactly once with its artifacts and their blobs; {@link
 * WorkerLauncher#awaitProgress} returns when the job ends; a stop ends the job at a chunk boundary
 * with committed results kept, and a relaunch finishes the unfinished units without redoing
 * committed ones; a partition recorded RUNNING that no job of this launcher runs is reported as
 * ended ({@link WorkerLauncher#JOB_LOST}), never RUNNING forever.
 */
@SpringBootTest(classes = WorkerLauncherContractTest.App.class)
public abstract class WorkerLauncherContractTest {

  static final SampleArchive ARCHIVE = archive();

  /** Generous: worker JVMs start slowly on a loaded machine. */
  static final Duration END_TIMEOUT = Duration.ofMinutes(4);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({RunsConfiguration.class, PacedTools.class})
  static class App {}

  @DynamicPropertySource
  static void contractProperties(DynamicPropertyRegistry registry) {
    TestDatabase.create("WorkerLauncherContract").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", () -> ARCHIVE.root().resolveSibling("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.runs.test.pace-millis", () -> "150");
  }

  /** The adapter under test, from this class's Spring context. */
  protected abstract WorkerLauncher launcher();

  @Autowired protected PartitionRepository partitions;
  @Autowired protected ScanService scans;
  @Autowired protected RunCreation creation;
  @Autowired protected RunPlanning planning;
  @Autowired protected ArtifactStore artifactStore;
  @Autowired protected JdbcClient jdbc;

  @BeforeEach
  void catalogTheArchive() {
    scans.scan(false, p -> {});
  }

  @Test
  void launchedPartitionReportsProgressUntilItCompletesWithEveryUnitOnce() throws Exception {
    // given a planned run of one partition
    long runId = plannedRun();

    // when it is launched and watched until it ends
    PartitionHandle handle = launcher().launch(launch(runId));
    PartitionProgress end = awaitEnd(handle);

    // then it completed here, each unit once, with the launcher and a worker on the partition
    assertThat(handle.launcher()).isEqualTo(launcher().name());
    assertThat(end.state()).as(end.error()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(end.unitsDone() + end.unitsFailed()).isEqualTo(end.unitsTotal());
    assertThat(end.unitsDone()).isPositive();
    RunPartition partition = partitions.find(runId, 0).orElseThrow();
    assertThat(partition.launcher()).isEqualTo(launcher().name());
    assertThat(partition.worker()).isNotBlank();
    assertEveryDoneUnitOnceWithItsBlobs(runId);
  }

  @Test
  void stoppedPartitionEndsAtAChunkBoundaryAndARelaunchFinishesOnlyWhatIsLeft() throws Exception {
    // given a partition with a committed chunk
    long runId = plannedRun();
    PartitionHandle handle = launcher().launch(launch(runId));
    awaitCommitted(handle, 2);

    // when it is asked to stop
    launcher().stop(handle);
    PartitionProgress stopped = awaitEnd(handle);

    // then it stopped with its committed units kept and others left
    assertThat(stopped.state()).as(stopped.error()).isEqualTo(PartitionProgress.State.STOPPED);
    long committed = stopped.unitsDone() + stopped.unitsFailed();
    assertThat(committed).isGreaterThanOrEqualTo(2).isLessThan(stopped.unitsTotal());

    // and a relaunch finishes the rest
    PartitionProgress resumed = awaitEnd(launcher().launch(launch(runId)));
    assertThat(resumed.state()).as(resumed.error()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(resumed.unitsDone() + resumed.unitsFailed()).isEqualTo(resumed.unitsTotal());
    assertThat(partitions.find(runId, 0).orElseThrow().jobExecutionIds()).hasSize(2);
    assertEveryDoneUnitOnceWithItsBlobs(runId);
  }

  @Test
  void partitionRecordedRunningThatNoJobRunsIsReportedEndedNotRunningForever() {
    // given a partition recorded RUNNING on this launcher (its worker gone with a restart)
    long runId = plannedRun();
    partitions.markLaunched(runId, 0, launcher().name());

    // when its progress is read through a handle this launcher never gave out
    PartitionProgress progress =
        launcher().progress(new PartitionHandle(launcher().name(), runId, 0, "gone"));

    // then it is over, lost with its job, so the orchestrator launches it again
    assertThat(progress.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(progress.error()).startsWith(WorkerLauncher.JOB_LOST);
  }

  protected long plannedRun() {
    long runId =
        creation.create(
            RunRequest.allAssets(PacedTools.PIPELINE, RunPolicy.production(), "test")
                .withForce(true));
    PlanResult plan = planning.plan(runId);
    assertThat(plan.partitions()).isEqualTo(1);
    return runId;
  }

  protected static PartitionLaunch launch(long runId) {
    return new PartitionLaunch(runId, 0, PacedTools.PIPELINE, "1", Map.of());
  }

  /** Waits through {@link WorkerLauncher#awaitProgress}, as the orchestrator does. */
  protected PartitionProgress awaitEnd(PartitionHandle handle) throws InterruptedException {
    long deadline = System.nanoTime() + END_TIMEOUT.toNanos();
    PartitionProgress progress = launcher().progress(handle);
    while (!progress.finished()) {
      assertThat(System.nanoTime()).as("partition ended in time").isLessThan(deadline);
      progress = launcher().awaitProgress(handle, Duration.ofSeconds(1));
    }
    return progress;
  }

  protected PartitionProgress awaitCommitted(PartitionHandle handle, long units)
      throws InterruptedException {
    long deadline = System.nanoTime() + END_TIMEOUT.toNanos();
    PartitionProgress progress = launcher().progress(handle);
    while (progress.unitsDone() + progress.unitsFailed() < units) {
      assertThat(progress.finished()).as("ended before " + units + " units").isFalse();
      assertThat(System.nanoTime()).as(units + " units committed in time").isLessThan(deadline);
      Thread.sleep(100);
      progress = launcher().progress(handle);
    }
    return progress;
  }

  /**
   * Every DONE unit has exactly one artifact per tool of the pipeline, each with one lineage row,
   * and every stored artifact's blob exists; no unit left pending or running.
   */
  protected void assertEveryDoneUnitOnceWithItsBlobs(long runId) {
    long unfinished =
        jdbc.sql(
                "SELECT count(*) FROM run_unit WHERE run_id = ? AND status IN ('PENDING','RUNNING')")
            .param(runId)
            .query(Long.class)
            .single();
    assertThat(unfinished).as("unfinished units").isZero();
    RunArtifactsAssert assertRun = RunArtifactsAssert.of(jdbc, artifactStore);
    assertRun.assertEveryDoneUnitHasOneArtifactPerTool(runId, 2);
    assertRun.assertBlobsOfStoredArtifacts(runId, 1);
  }

  private static SampleArchive archive() {
    try {
      Path base = Files.createTempDirectory("darkroom-launcher-contract");
      return SampleArchiveGenerator.generate(base.resolve("photos"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
