package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.CrashingArtifactStore;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.artifact.ArtifactRepository;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A partition's job dies in its third chunk, after a blob was stored and before the chunk's rows
 * committed; the restarted job finishes the partition. Every unit is processed once (at most one
 * chunk redone), no artifact row lacks its blob, and no unit is done without its artifacts.
 */
@SpringBootTest(
    classes = {WorkerMain.WorkerApplication.class, PipelineCrashRestartTest.Crashing.class})
class PipelineCrashRestartTest {

  static final int CHUNK = 4;
  static final SampleArchive ARCHIVE = SampleRun.archive();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "PipelineCrashRestartTest", ARCHIVE, CHUNK);
  }

  // Not a @TestConfiguration: BatchJobsConfiguration scans dev.darkroom.batch, and would pick it
  // up in every other test context of this package. Listed in classes above instead.
  static class Crashing {
    @Bean
    @Primary
    CrashingArtifactStore crashingArtifactStore() {
      return new CrashingArtifactStore(
          new FilesystemArtifactStore(
              SampleRun.dataDir(ARCHIVE).resolve("crash-artifacts"), List.of(ARCHIVE.root())));
    }
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired PartitionRepository partitions;
  @Autowired RunUnitRepository units;
  @Autowired ArtifactRepository artifacts;
  @Autowired CrashingArtifactStore store;
  @Autowired JdbcClient jdbc;

  @Test
  void crashAfterABlobAndBeforeItsCommitThenRestartProcessesEveryUnitExactlyOnce() {
    scans.scan(false, p -> {});
    long runId =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "t").withForce(true));
    PlanResult plan = planning.plan(runId);
    store.crashOnceAtPut(2 * CHUNK + 2); // two chunks of photos commit, the third dies mid-write

    PartitionProgress crashed = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);
    int putsBeforeCrash = store.puts();

    assertThat(crashed.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(crashed.error()).contains("injected crash");
    UnitCounts afterCrash = units.counts(runId, 0);
    assertThat(afterCrash.done() + afterCrash.failed() + afterCrash.skipped())
        .isGreaterThanOrEqualTo(2 * CHUNK)
        .isLessThan(plan.units());
    assertInvariants(runId);

    store.resetCount();
    PartitionProgress restarted = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);

    assertThat(restarted.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(restarted.unitsDone() + restarted.unitsFailed()).isEqualTo(plan.units());
    assertThat(partitions.find(runId, 0).orElseThrow().jobExecutionIds()).hasSize(2);
    assertThat(partitions.find(runId, 0).orElseThrow().status())
        .isEqualTo(PartitionStatus.COMPLETED);
    assertInvariants(runId);
    Map<String, Long> lineage = SampleRun.lineagePerUnit(jdbc, runId);
    SampleRun.unitStatuses(jdbc, runId)
        .forEach(
            (key, status) -> {
              if (status.equals("DONE")) {
                assertThat(lineage.get(key)).as(key).isEqualTo(2); // one per tool, not more
              }
            });
    long thumbnails =
        jdbc.sql("SELECT count(*) FROM artifact WHERE run_id = ? AND kind = 'thumbnail'")
            .param(runId)
            .query(Long.class)
            .single();
    // Work done twice is bounded by the one chunk that died: no committed unit was redone.
    assertThat(putsBeforeCrash + store.puts())
        .isGreaterThanOrEqualTo((int) thumbnails)
        .isLessThanOrEqualTo((int) thumbnails + CHUNK);
  }

  private void assertInvariants(long runId) {
    for (String key : SampleRun.storageKeys(jdbc, runId)) {
      assertThat(store.exists(key)).as("blob of row " + key).isTrue();
    }
    Map<String, Long> lineage = SampleRun.lineagePerUnit(jdbc, runId);
    Map<String, String> statuses = SampleRun.unitStatuses(jdbc, runId);
    statuses.forEach(
        (key, status) -> {
          if (status.equals("DONE")) {
            assertThat(lineage.get(key)).as("artifacts of done unit " + key).isNotNull();
          }
          if (status.equals("PENDING") || status.equals("RUNNING")) {
            assertThat(lineage.get(key)).as("no artifacts before the unit is finished").isNull();
          }
        });
  }
}
