package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.CrashingArtifactStore;
import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.testing.RunArtifactsAssert;
import dev.darkroom.batch.testing.SampleArchives;
import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.batch.tools.thumbnail.ThumbnailTool;
import dev.darkroom.core.installation.InstallationRepository;
import dev.darkroom.core.run.InvalidRunRequestException;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.core.run.UnknownRunException;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.TestDatabase;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs end to end, as the server wires them ({@link RunServiceConfiguration}): real PostgreSQL, the
 * real Temporal dev server (skipped, naming the missing {@code temporal} binary, when it is
 * absent), the in-process launcher and the real {@code images-basic} tools over the sample archive,
 * plus a slow test tool for runs long enough to observe, pause and cancel. Chunks of 2 units,
 * partitions of 10 (4 partitions over the sample's 33 assets), 2 at once.
 */
@ExtendWith(TemporalDevServerExtension.class)
@SpringBootTest(classes = RunEndToEndTest.App.class)
class RunEndToEndTest {

  /** Takes its pace per image, so a run can be watched and steered; throws for PNGs. */
  static final PacedTool SLOW_TOOL =
      PacedTool.named("slow").failingFor("image/png", "PNGs break this tool");

  static final int CHUNK = 2;
  static final SampleArchive ARCHIVE = SampleArchives.inTemp("darkroom-run-e2e");
  static final Path DATA_DIR = ARCHIVE.root().getParent().resolve("data");
  static final Pipeline SLOW = new Pipeline("slow", "1", List.of("image-metadata", "slow"));
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("RunEndToEndTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", DATA_DIR::toString);
    registry.add("darkroom.runs.chunk-size", () -> Integer.toString(CHUNK));
    registry.add("darkroom.runs.partition-size", () -> "10");
    registry.add("darkroom.launcher.in-process.threads", () -> "2");
    registry.add("darkroom.temporal.target", () -> TemporalDevServerExtension.server().target());
    registry.add("darkroom.temporal.task-queue", () -> "e2e-runs-" + UUID.randomUUID());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({BatchJobsConfiguration.class, RunServiceConfiguration.class})
  static class App {
    @Bean
    @Primary
    ToolRegistry testToolRegistry() {
      return ToolRegistry.of(new ImageMetadataTool(), new ThumbnailTool(), SLOW_TOOL);
    }

    @Bean
    @Primary
    PipelineRegistry testPipelineRegistry() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, SLOW));
    }

    @Bean
    CrashingArtifactStore artifactStore() {
      return new CrashingArtifactStore(
          new FilesystemArtifactStore(DATA_DIR.resolve("artifacts"), List.of(ARCHIVE.root())));
    }
  }

  @Autowired RunService service;
  @Autowired RunCreation creation;
  @Autowired RunReconciliation reconciliation;
  @Autowired RunRepository runs;
  @Autowired RunUnitRepository units;
  @Autowired PartitionRepository partitions;
  @Autowired PartitionJobService partitionJobs;
  @Autowired ScanService scans;
  @Autowired CrashingArtifactStore store;
  @Autowired ArtifactStore artifactStore;
  @Autowired WorkflowClient client;
  @Autowired JdbcClient jdbc;
  @Autowired InstallationRepository installation;
  @Autowired dev.darkroom.core.coverage.CoverageRepository coverage;
  @Autowired PipelineRegistry pipelines;
  @Autowired ToolRegistry tools;

  @BeforeEach
  void scan() {
    scans.scan(false, p -> {});
    SLOW_TOOL.pace(0);
  }

  @Autowired javax.sql.DataSource dataSource;

  @AfterEach
  void fast() {
    SLOW_TOOL.pace(0);
  }

  /**
   * After every scenario (failures, cancel, pause, reruns, killed partitions, reconciliation), the
   * unit counters the status views read equal a recount of run_unit, for every run so far, and the
   * coverage counters (all assets, static collections, kinds) a recount of the catalog.
   */
  @AfterEach
  void countersMatchARecountOfTheUnits() {
    dev.darkroom.testsupport.RunUnitCounterCheck.assertCountersMatchRecount(dataSource);
    dev.darkroom.testsupport.CoverageCounterCheck.assertCountersMatchRecount(dataSource);
  }

  @Test
  void runOverTheSampleProducesArtifactsWithFullLineageAndPerUnitCoverage() {
    long runId =
        service.startRun(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "x").withForce(true), "t");

    Run run = awaitEnd(runId);

    assertThat(run.workflowId())
        .isEqualTo("darkroom-" + installation.shortId() + "-run-" + runId)
        .matches("darkroom-[0-9a-f]{12}-run-" + runId);
    assertThat(run.requestedBy()).isEqualTo("t");
    assertThat(workflowStatus(runId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(partitions.list(runId)).hasSize(4);
    UnitCounts counts = units.counts(runId);
    assertThat(counts.total()).isEqualTo(33);
    assertThat(counts.unfinished()).isZero();
    assertThat(counts.failed()).isEqualTo(1);
    assertThat(counts.skipped()).isEqualTo(2); // the two text files
    assertThat(counts.done()).isEqualTo(30);
    assertThat(run.unitsDone() + run.unitsFailed() + run.unitsSkipped()).isEqualTo(33);
    // Every artifact has its lineage: this run, the tool and version, canonical parameters + hash.
    Map<String, Long> kinds = artifactsByKind(runId);
    assertThat(kinds).containsEntry("thumbnail", 30L).containsEntry("image-metadata", 31L);
    long withLineage =
        jdbc.sql(
                """
                SELECT count(*) FROM artifact a JOIN lineage l ON l.artifact_id = a.id
                 WHERE a.run_id = ? AND l.run_id = a.run_id AND l.tool_id = a.kind
                   AND l.tool_version = CASE l.tool_id WHEN 'thumbnail' THEN ? ELSE ? END
                   AND l.params_hash ~ '^[0-9a-f]{64}$'
                """)
            .param(runId)
            .param(StandardTools.registry().get("thumbnail").version())
            .param(StandardTools.registry().get("image-metadata").version())
            .query(Long.class)
            .single();
    assertThat(withLineage).isEqualTo(61);
    RunArtifactsAssert.of(jdbc, artifactStore).assertEveryDoneUnitHasOneArtifactPerTool(runId, 2);
    for (String key : storageKeys(runId)) {
      assertThat(artifactStore.exists(key)).as(key).isTrue();
    }
    // The truncated JPEG failed in its thumbnail and keeps its metadata; nothing else failed.
    List<String> failed =
        units.failed(runId, "", 10).stream().map(u -> u.error()).collect(Collectors.toList());
    assertThat(failed)
        .containsExactly(
            "thumbnail: cannot decode image: the JPEG ends before its end-of-image marker"
                + " (truncated file?)");
  }

  @Test
  void aThrowingToolFailsItsUnitsOnlyAndTheRunGoesOn() {
    long runId =
        service.startRun(
            RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");

    Run run = awaitEnd(runId);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    List<Map<String, Object>> rows =
        jdbc.sql(
                """
                SELECT u.status, u.error, a.media_type FROM run_unit u
                  JOIN asset a ON a.id = u.asset_id WHERE u.run_id = ?
                """)
            .param(runId)
            .query()
            .listOfRows();
    assertThat(rows)
        .filteredOn(r -> "image/png".equals(r.get("media_type")))
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.get("status")).isEqualTo("FAILED");
              assertThat((String) r.get("error"))
                  .isEqualTo(
                      "slow: tool slow failed unexpectedly:"
                          + " java.lang.IllegalStateException: PNGs break this tool");
            });
    assertThat(rows)
        .filteredOn(r -> "image/jpeg".equals(r.get("media_type")))
        .hasSize(27)
        .allSatisfy(r -> assertThat(r.get("status")).isEqualTo("DONE"));
    assertThat(artifactsByKind(runId)).containsEntry("slow", 27L);
  }

  @Test
  void committedResultsAreQueryableWhileTheRunIsInProgress() {
    SLOW_TOOL.pace(150);
    long runId =
        service.startRun(
            RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");

    await(() -> artifactCount(runId) > 0, "a first committed chunk");
    long seenWhileRunning = artifactCount(runId);
    RunStatus statusThen = runs.get(runId).status();
    WorkflowExecutionStatus workflowThen = workflowStatus(runId);
    UnitCounts countsThen = units.counts(runId);
    Run run = awaitEnd(runId);

    assertThat(statusThen).isEqualTo(RunStatus.RUNNING);
    assertThat(workflowThen).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(seenWhileRunning).isPositive().isLessThan(artifactCount(runId));
    assertThat(countsThen.unfinished()).isPositive();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
  }

  @Test
  void cancelEndsTheRunCancelledAndCommittedArtifactsStay() {
    SLOW_TOOL.pace(300);
    long runId =
        service.startRun(
            RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");
    await(() -> artifactCount(runId) > 0, "a first committed chunk");

    service.cancel(runId);
    Run run = awaitEnd(runId);
    long afterCancel = artifactCount(runId);
    sleep(Duration.ofSeconds(2));

    assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(run.error()).contains("cancelled with");
    assertThat(workflowStatus(runId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    assertThat(units.counts(runId).unfinished()).isPositive();
    assertThat(afterCancel).isPositive();
    assertThat(artifactCount(runId)).as("nothing runs on after CANCELLED").isEqualTo(afterCancel);
    RunArtifactsAssert.of(jdbc, artifactStore).assertEveryDoneUnitHasOneArtifactPerTool(runId, 2);
    // Cancelling a run that ended changes nothing.
    service.cancel(runId);
    assertThat(runs.get(runId).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void pauseStopsProgressAndResumeCompletesTheRun() {
    SLOW_TOOL.pace(200);
    long runId =
        service.startRun(
            RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");
    await(() -> artifactCount(runId) > 0, "a first committed chunk");

    service.pause(runId);
    await(() -> runs.get(runId).status() == RunStatus.PAUSED, "the run PAUSED");
    UnitCounts paused = units.counts(runId);
    sleep(Duration.ofSeconds(2));
    UnitCounts stillPaused = units.counts(runId);
    assertThat(stillPaused).as("no progress while paused").isEqualTo(paused);
    assertThat(paused.unfinished()).isPositive();
    assertThat(partitions.list(runId)).noneMatch(p -> p.status() == PartitionStatus.RUNNING);

    SLOW_TOOL.pace(0);
    service.resume(runId);
    Run run = awaitEnd(runId);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(units.counts(runId).unfinished()).isZero();
    RunArtifactsAssert.of(jdbc, artifactStore).assertEveryDoneUnitHasOneArtifactPerTool(runId, 2);
  }

  @Test
  void rerunFailedCreatesARunOverExactlyTheFailedUnits() {
    long earlier =
        service.startRun(
            RunRequest.allAssets("images-basic", RunPolicy.sandboxFraction(1.0, 7), "x"), "t");
    assertThatThrownBy(() -> service.rerunFailed(earlier))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasMessageContaining("rerun its failed units once it has ended");
    awaitEnd(earlier);

    long rerun = service.rerunFailed(earlier, "someone");
    Run run = awaitEnd(rerun);

    assertThat(run.rerunOf()).isEqualTo(earlier);
    assertThat(run.requestedBy()).isEqualTo("someone");
    assertThat(run.policy().sandbox()).isTrue();
    assertThat(run.policy().thumbnailSize()).isEqualTo(RunPolicy.SANDBOX_THUMBNAIL_SIZE);
    assertThat(unitAssets(rerun)).isEqualTo(failedAssets(earlier)).hasSize(1);
    // Its one unit is still truncated: no unit succeeded, so the rerun FAILED and says why.
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failureReason()).startsWith("every unit failed: thumbnail: cannot decode image");
  }

  @Test
  void badRequestsAreTypedErrorsAndWriteNothing() {
    long before = runs.list(1000).size();

    assertThatThrownBy(
            () ->
                service.startRun(
                    RunRequest.allAssets("no-such-pipeline", RunPolicy.production(), "x")
                        .withForce(true),
                    "t"))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasMessageContaining("no-such-pipeline");
    assertThatThrownBy(
            () ->
                service.startRun(
                    RunRequest.collection("images-basic", 999_999, RunPolicy.production(), "x")
                        .withForce(true),
                    "t"))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasMessageContaining("no collection with id 999999");
    assertThatThrownBy(() -> service.rerunFailed(999_999)).isInstanceOf(UnknownRunException.class);
    assertThat(runs.list(1000)).hasSize((int) before);

    long done =
        service.startRun(
            RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");
    awaitEnd(done);
    assertThatThrownBy(() -> service.pause(done))
        .isInstanceOf(InvalidRunRequestException.class)
        .hasMessageContaining("has already ended");
  }

  @Test
  void aSecondProductionRunOverAnUnchangedCollectionPlansNothingAndCompletes() {
    // The server pins the steps at start-up; this context has no server.
    coverage.pin(CoverageSteps.pinned(pipelines, tools));
    // Other tests share this database and force their runs: cover everything once more first.
    awaitEnd(
        service.startRun(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "x").withForce(true),
            "t"));
    var current =
        dev.darkroom.core.query.AssetQuery.parse("current:thumbnail current:image-metadata")
            .liveAssetIds();
    List<Long> members = jdbc.sql(current.sql()).params(current.params()).query(Long.class).list();
    long collection =
        jdbc.sql(
                "INSERT INTO collection (name, kind) VALUES ('covered-' || gen_random_uuid(),"
                    + " 'STATIC') RETURNING id")
            .query(Long.class)
            .single();
    for (long asset : members) {
      jdbc.sql("INSERT INTO collection_member (collection_id, asset_id) VALUES (?, ?)")
          .params(collection, asset)
          .update();
    }

    long again =
        service.startRun(
            RunRequest.collection("images-basic", collection, RunPolicy.production(), "x"), "t");
    Run run = awaitEnd(again);

    assertThat(members).hasSizeGreaterThan(20);
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.unitsTotal()).isZero();
    assertThat(
            jdbc.sql("SELECT units_current FROM run WHERE id = ?")
                .param(again)
                .query(Long.class)
                .single())
        .isEqualTo(members.size());
  }

  @Test
  void aPartitionKilledMidwayIsRestartedAndEveryUnitIsProcessedExactlyOnce() {
    // Two chunks of thumbnails commit, then the third chunk's first blob is stored and the job
    // dies before its commit: the activity fails and Temporal retries it, restarting the job.
    // (Put 1 is the run's preflight probe of the store.)
    store.crashOnceAtPut(2 * CHUNK + 2);
    long runId =
        service.startRun(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "x").withForce(true), "t");

    Run run = awaitEnd(runId);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(units.counts(runId).unfinished()).isZero();
    assertThat(units.counts(runId).failed()).isEqualTo(1); // only the truncated JPEG
    List<RunPartition> restarted =
        partitions.list(runId).stream().filter(p -> p.jobExecutionIds().size() > 1).toList();
    assertThat(restarted).hasSize(1);
    assertThat(restarted.get(0).jobExecutionIds()).hasSize(2);
    RunArtifactsAssert.of(jdbc, artifactStore).assertEveryDoneUnitHasOneArtifactPerTool(runId, 2);
    long thumbnails = artifactsByKind(runId).get("thumbnail");
    // Work done twice is bounded by the one chunk that died: no committed unit was redone.
    assertThat(store.puts() - 1).isBetween((int) thumbnails, (int) thumbnails + CHUNK);
    for (String key : storageKeys(runId)) {
      assertThat(artifactStore.exists(key)).as(key).isTrue();
    }
  }

  @Test
  void aRunningRunWhoseWorkflowWasTerminatedIsResumedByReconciliationAndCompletes() {
    assertThat(reconciliation.isRunning()).as("reconciliation ran at start-up").isTrue();
    SLOW_TOOL.pace(200);
    long runId =
        service.startRun(
            RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");
    await(
        () ->
            partitions.list(runId).stream().anyMatch(p -> p.status() == PartitionStatus.COMPLETED),
        "a first completed partition");

    // The workflow is gone, as after a restart on the in-process test server; the process that
    // ran its partitions died too: its jobs stop at a chunk boundary.
    client
        .newUntypedWorkflowStub(service.workflowId(runId))
        .terminate("test: the server went away");
    for (RunPartition partition : partitions.list(runId)) {
      partitionJobs.stop(runId, partition.partitionNo());
    }
    await(
        () ->
            partitions.list(runId).stream()
                .noneMatch(p -> partitionJobs.runningHere(runId, p.partitionNo())),
        "the partitions' jobs stopped");
    assertThat(runs.get(runId).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(units.counts(runId).unfinished()).isPositive();
    SLOW_TOOL.pace(0);

    List<Long> resumed = reconciliation.reconcile();
    Run run = awaitEnd(runId);

    assertThat(resumed).containsExactly(runId);
    // Every partition was launched at most once more: a completed one found no unfinished unit
    // (an empty execution, or none if it had not started before the workflow went away), the
    // stopped ones went on from their last committed chunk; no unit was processed twice (below).
    assertThat(partitions.list(runId))
        .allSatisfy(p -> assertThat(p.status()).isEqualTo(PartitionStatus.COMPLETED))
        .allSatisfy(p -> assertThat(p.jobExecutionIds()).hasSizeBetween(1, 2));
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(units.counts(runId).unfinished()).isZero();
    RunArtifactsAssert.of(jdbc, artifactStore).assertEveryDoneUnitHasOneArtifactPerTool(runId, 2);
    // A run whose workflow runs, or that ended, is left alone.
    assertThat(reconciliation.reconcile()).isEmpty();
  }

  @Test
  void runsWithoutAWorkflowAreResumedAndAPausedOneStaysPaused() {
    SLOW_TOOL.pace(100);
    long running =
        creation.create(RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true));
    runs.transition(running, RunStatus.RUNNING);
    long paused =
        creation.create(RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true));
    runs.transition(paused, RunStatus.RUNNING);
    runs.transition(paused, RunStatus.PAUSED);
    long pending =
        creation.create(RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true));

    List<Long> resumed = reconciliation.reconcile();

    assertThat(resumed).containsExactlyInAnyOrder(running, paused).doesNotContain(pending);
    assertThat(awaitEnd(running).status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(runs.get(running).workflowId())
        .isEqualTo("darkroom-" + installation.shortId() + "-run-" + running);
    await(
        () -> runs.get(paused).status() == RunStatus.PAUSED && pausedByWorkflow(paused),
        "the reconciled paused run to be paused again");
    sleep(Duration.ofMillis(1500));
    // Its workflow started paused: nothing was planned or launched, the run never became RUNNING.
    assertThat(runs.get(paused).status()).isEqualTo(RunStatus.PAUSED);
    assertThat(units.counts(paused).total()).isZero();
    assertThat(partitions.list(paused)).isEmpty();
    assertThat(scheduledActivities(paused)).isZero();
    service.resume(paused);
    assertThat(awaitEnd(paused).status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(units.counts(paused).unfinished()).isZero();
  }

  @Test
  void aPausedRunWhoseWorkflowWasTerminatedGetsAWorkflowThatLaunchesNothingUntilResumed() {
    SLOW_TOOL.pace(200);
    long runId =
        service.startRun(
            RunRequest.allAssets("slow", RunPolicy.production(), "x").withForce(true), "t");
    await(() -> artifactCount(runId) > 0, "a first committed chunk");
    service.pause(runId);
    await(() -> runs.get(runId).status() == RunStatus.PAUSED, "the run PAUSED");
    client
        .newUntypedWorkflowStub(service.workflowId(runId))
        .terminate("test: the server went away");
    await(
        () -> workflowStatus(runId) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
        "the workflow terminated");
    Map<Integer, List<Long>> executionsBefore = jobExecutions(runId);
    UnitCounts before = units.counts(runId);
    assertThat(before.unfinished()).isPositive();
    SLOW_TOOL.pace(0);

    List<Long> resumed = reconciliation.reconcile();

    assertThat(resumed).containsExactly(runId);
    await(() -> pausedByWorkflow(runId), "the new workflow to answer that it is paused");
    sleep(Duration.ofMillis(1500));
    assertThat(workflowStatus(runId))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    // Started paused: no activity at all (no plan, no markRunning, no partition) until resume.
    assertThat(scheduledActivities(runId)).isZero();
    assertThat(runs.get(runId).status()).isEqualTo(RunStatus.PAUSED);
    assertThat(jobExecutions(runId)).isEqualTo(executionsBefore);
    assertThat(units.counts(runId)).isEqualTo(before);
    assertThat(partitions.list(runId)).noneMatch(p -> p.status() == PartitionStatus.RUNNING);

    service.resume(runId);
    Run run = awaitEnd(runId);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(units.counts(runId).unfinished()).isZero();
    RunArtifactsAssert.of(jdbc, artifactStore).assertEveryDoneUnitHasOneArtifactPerTool(runId, 2);
  }

  /**
   * The run row ends in the workflow's last activity; the workflow closes right after. Waits for
   * both, so assertions on either are not racing the other.
   */
  private Run awaitEnd(long runId) {
    await(() -> runs.get(runId).status().terminal(), "run " + runId + " to end");
    await(
        () -> workflowStatus(runId) != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        "the workflow of run " + runId + " to close");
    return runs.get(runId);
  }

  private static void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + TIMEOUT + " waiting for " + what);
      }
      sleep(Duration.ofMillis(50));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private WorkflowExecutionStatus workflowStatus(long runId) {
    return client.newUntypedWorkflowStub(service.workflowId(runId)).describe().getStatus();
  }

  /** Whether the run's workflow answers that it is paused (false while it cannot answer yet). */
  private boolean pausedByWorkflow(long runId) {
    try {
      return service.progress(runId).paused();
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /** Activities scheduled in the latest execution of the run's workflow. */
  private long scheduledActivities(long runId) {
    return client.fetchHistory(service.workflowId(runId)).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .count();
  }

  private Map<Integer, List<Long>> jobExecutions(long runId) {
    return partitions.list(runId).stream()
        .collect(Collectors.toMap(RunPartition::partitionNo, RunPartition::jobExecutionIds));
  }

  private long artifactCount(long runId) {
    return jdbc.sql("SELECT count(*) FROM artifact WHERE run_id = ?")
        .param(runId)
        .query(Long.class)
        .single();
  }

  private Map<String, Long> artifactsByKind(long runId) {
    return jdbc
        .sql("SELECT kind, count(*) FROM artifact WHERE run_id = ? GROUP BY kind")
        .param(runId)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private List<String> storageKeys(long runId) {
    return jdbc.sql("SELECT storage_key FROM artifact WHERE run_id = ? AND storage_key IS NOT NULL")
        .param(runId)
        .query(String.class)
        .list();
  }

  private List<Long> unitAssets(long runId) {
    return jdbc.sql("SELECT asset_id FROM run_unit WHERE run_id = ? ORDER BY asset_id")
        .param(runId)
        .query(Long.class)
        .list();
  }

  private List<Long> failedAssets(long runId) {
    return jdbc.sql(
            "SELECT asset_id FROM run_unit WHERE run_id = ? AND status = 'FAILED' ORDER BY asset_id")
        .param(runId)
        .query(Long.class)
        .list();
  }

  /**
   * Exactly once: every DONE unit has one artifact with lineage per tool, and no unit that is not
   * finished has any.
   */
}
