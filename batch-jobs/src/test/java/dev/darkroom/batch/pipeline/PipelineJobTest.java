package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleFile;
import dev.darkroom.batch.sample.SampleFileKind;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.artifact.RunArtifact;
import dev.darkroom.core.catalog.Asset;
import dev.darkroom.core.catalog.AssetRepository;
import dev.darkroom.core.run.FailedUnit;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.ToolParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The pipeline job over the sample archive, against real PostgreSQL, the filesystem artifact store
 * and the real tools.
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class PipelineJobTest {

  static final int CHUNK = 4;
  static final SampleArchive ARCHIVE = SampleRun.archive();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "PipelineJobTest", ARCHIVE, CHUNK);
  }

  @Autowired ScanService scans;
  @Autowired AssetRepository assets;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired RunFinishing finishing;
  @Autowired RunRepository runs;
  @Autowired RunUnitRepository units;
  @Autowired PartitionRepository partitions;
  @Autowired PartitionJobService partitionJobs;
  @Autowired ArtifactRepository artifacts;
  @Autowired ArtifactStore store;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void catalogTheArchive() {
    scans.scan(false, p -> {});
  }

  @Test
  void partitionRunProducesArtifactsWithLineageAndCoverageAndFailsOnlyTheTruncatedJpeg()
      throws Exception {
    long runId =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "t").withForce(true));
    PlanResult plan = planning.plan(runId);
    runs.transition(runId, RunStatus.RUNNING);
    List<Long> artifactsSeenWhileRunning = new ArrayList<>();

    PartitionProgress end =
        partitionJobs.run(
            runId,
            0,
            progress -> {
              if (artifactsSeenWhileRunning.isEmpty()) {
                // Another connection, on another thread: what any reader would see now.
                artifactsSeenWhileRunning.add(
                    CompletableFuture.supplyAsync(() -> artifacts.countByRun(runId)).join());
              }
            });

    assertThat(plan.partitions()).isEqualTo(1);
    assertThat(end.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    long total = plan.units();
    assertThat(artifactsSeenWhileRunning.get(0))
        .isGreaterThan(0)
        .isLessThan(artifacts.countByRun(runId));
    assertThat(end.unitsTotal()).isEqualTo(total);
    assertThat(end.unitsDone() + end.unitsFailed()).isEqualTo(total);

    Map<String, String> statuses = SampleRun.unitStatuses(jdbc, runId);
    Map<String, Long> lineage = SampleRun.lineagePerUnit(jdbc, runId);
    for (SampleFile file : ARCHIVE.files()) {
      Optional<Asset> asset = assets.findLiveAt(SampleRun.ROOT_NAME, file.path());
      if (asset.isEmpty()) {
        continue; // zero-byte files are scan problems, not assets
      }
      String key = SampleRun.key(asset.get().id());
      if (file.kind() == SampleFileKind.TRUNCATED) {
        assertThat(statuses.get(key)).as(file.path()).isEqualTo("FAILED");
        assertThat(lineage.get(key)).as("metadata still extracted").isEqualTo(1);
      } else if (file.decodable()) {
        assertThat(statuses.get(key)).as(file.path()).isEqualTo("DONE");
        assertThat(lineage.get(key)).as(file.path()).isEqualTo(2);
      } else {
        assertThat(statuses.get(key)).as(file.path()).isIn("SKIPPED", "FAILED");
      }
    }
    List<FailedUnit> failed = units.failed(runId, "", 100);
    SampleFile truncated = ARCHIVE.ofKind(SampleFileKind.TRUNCATED).get(0);
    long truncatedId = assets.findLiveAt(SampleRun.ROOT_NAME, truncated.path()).orElseThrow().id();
    assertThat(failed)
        .filteredOn(u -> u.assetId() == truncatedId)
        .singleElement()
        .satisfies(u -> assertThat(u.error()).startsWith("thumbnail: ").contains("truncated"));

    List<RunArtifact> produced = artifacts.byRun(runId, 0, 1000);
    assertThat(produced).extracting(RunArtifact::kind).contains("thumbnail", "image-metadata");
    for (RunArtifact artifact : produced) {
      assertThat(artifact.toolVersion())
          .isEqualTo(StandardTools.registry().get(artifact.toolId()).version());
      assertThat(artifact.expiresAt()).isNull();
      ToolParameters parameters = ToolParameters.fromJson(artifact.parametersJson());
      assertThat(artifact.paramsHash()).isEqualTo(parameters.sha256());
      if (artifact.kind().equals("thumbnail")) {
        assertThat(artifact.toolId()).isEqualTo("thumbnail");
        assertThat(parameters.intValue("maxSize", 0)).isEqualTo(512);
        assertThat(store.exists(artifact.storageKey())).isTrue();
        assertThat(store.stat(artifact.storageKey()).artifact().size())
            .isEqualTo(artifact.sizeBytes());
      } else {
        assertThat(artifact.toolId()).isEqualTo("image-metadata");
        assertThat(artifact.inlineJson()).contains("\"format\"");
      }
    }
    SampleFile photo = ARCHIVE.file("2019/2019-07 Lake trip/IMG_0412.jpg");
    Asset withMetadata = assets.findLiveAt(SampleRun.ROOT_NAME, photo.path()).orElseThrow();
    assertThat(
            jdbc.sql("SELECT camera_model FROM asset WHERE id = ?")
                .param(withMetadata.id())
                .query(String.class)
                .single())
        .isEqualTo("Canon EOS 5D Mark IV");

    RunOutcome outcome = finishing.finish(runId, false);
    assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(outcome.unitsPending()).isZero();
    assertThat(partitions.find(runId, 0).orElseThrow().status())
        .isEqualTo(PartitionStatus.COMPLETED);
  }

  @Test
  void sandboxRunWritesSmallThumbnailsThatExpire() {
    long runId =
        creation.create(RunRequest.allAssets("images-basic", RunPolicy.sandbox(6, 11), "t"));
    PlanResult plan = planning.plan(runId);
    Instant before = Instant.now();

    partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);

    assertThat(plan.units()).isEqualTo(6);
    List<RunArtifact> produced = artifacts.byRun(runId, 0, 1000);
    assertThat(produced).isNotEmpty();
    for (RunArtifact artifact : produced) {
      assertThat(artifact.expiresAt())
          .isBetween(
              before.plus(Duration.ofDays(7)).minusSeconds(5),
              before.plus(Duration.ofDays(7)).plusSeconds(120));
      if (artifact.kind().equals("thumbnail")) {
        assertThat(ToolParameters.fromJson(artifact.parametersJson()).intValue("maxSize", 0))
            .isEqualTo(256);
      }
    }
  }

  @Test
  void manyExecutionsOneAfterAnotherAndTwoPartitionsConcurrentlyProcessEveryUnitOnce()
      throws Exception {
    long runId =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "t").withForce(true));
    // Partitions of 7 units: several job instances of the same step in this JVM.
    jdbc.sql("SELECT 1").query(Integer.class).single();
    PlanResult plan =
        new dev.darkroom.core.run.JdbcRunPlanning(
                jdbc,
                new org.springframework.transaction.support.TransactionTemplate(transactionManager),
                runs,
                partitions,
                7)
            .plan(runId);
    assertThat(plan.partitions()).isGreaterThanOrEqualTo(4);
    AtomicLong commits = new AtomicLong();

    partitionJobs.run(runId, 0, p -> commits.incrementAndGet());
    partitionJobs.run(runId, 1, p -> commits.incrementAndGet());
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      List<Future<PartitionProgress>> concurrent = new ArrayList<>();
      for (int p = 2; p < plan.partitions(); p++) {
        int partitionNo = p;
        concurrent.add(
            two.submit(
                () -> partitionJobs.run(runId, partitionNo, x -> commits.incrementAndGet())));
      }
      for (Future<PartitionProgress> future : concurrent) {
        assertThat(future.get().state()).isEqualTo(PartitionProgress.State.COMPLETED);
      }
    } finally {
      two.shutdown();
    }

    assertThat(units.counts(runId).unfinished()).isZero();
    assertThat(commits.get()).isGreaterThanOrEqualTo(plan.partitions() * 2L - 1);
    Map<String, String> statuses = SampleRun.unitStatuses(jdbc, runId);
    Map<String, Long> lineage = SampleRun.lineagePerUnit(jdbc, runId);
    statuses.forEach(
        (key, status) -> {
          if (status.equals("DONE")) {
            assertThat(lineage.get(key)).as(key).isEqualTo(2);
          }
        });
    assertThat(partitions.list(runId))
        .allSatisfy(p -> assertThat(p.status()).isEqualTo(PartitionStatus.COMPLETED));
    assertThat(partitions.list(runId)).allSatisfy(p -> assertThat(p.jobExecutionIds()).hasSize(1));
  }

  @Test
  void rerunFailedProcessesOnlyTheUnitsThatFailed() {
    long first =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "t").withForce(true));
    planning.plan(first);
    partitionJobs.run(first, 0, PipelineProgress.Listener.NONE);
    List<Long> failedAssets =
        units.failed(first, "", 100).stream().map(FailedUnit::assetId).toList();

    long rerun =
        creation.create(RunRequest.rerunFailed("images-basic", first, RunPolicy.production(), "t"));
    PlanResult plan = planning.plan(rerun);
    PartitionProgress end = partitionJobs.run(rerun, 0, PipelineProgress.Listener.NONE);

    assertThat(failedAssets).isNotEmpty();
    assertThat(plan.units()).isEqualTo(failedAssets.size());
    assertThat(end.unitsFailed()).isEqualTo(failedAssets.size());
    assertThat(units.failed(rerun, "", 100))
        .extracting(FailedUnit::assetId)
        .containsExactlyInAnyOrderElementsOf(failedAssets);
  }

  @Test
  void relaunchingACompletedPartitionDoesNothingAgain() {
    long runId =
        creation.create(RunRequest.allAssets("images-basic", RunPolicy.sandbox(3, 5), "t"));
    planning.plan(runId);
    partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);
    long artifactCount = artifacts.countByRun(runId);

    PartitionProgress again = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);

    assertThat(again.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(artifacts.countByRun(runId)).isEqualTo(artifactCount);
  }

  @Autowired org.springframework.transaction.PlatformTransactionManager transactionManager;
}
