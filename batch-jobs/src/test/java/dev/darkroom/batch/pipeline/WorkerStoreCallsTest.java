package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.StoreOperationStatsRepository;
import dev.darkroom.core.run.StoreOperationStatsRepository.StoreOperations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The artifact store calls of partitions run by a worker launcher reach {@code
 * worker_store_operation_stats} (ADR 0023), against real PostgreSQL, the filesystem store and the
 * real tools: each committed put once, and a failed put that rolled its chunk back as well; an
 * in-process partition adds nothing there (the server's Micrometer meters count it).
 */
@SpringBootTest(classes = WorkerMain.WorkerApplication.class)
class WorkerStoreCallsTest {

  static final SampleArchive ARCHIVE = SampleRun.archive();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "WorkerStoreCallsTest", ARCHIVE, 4);
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired StoreOperationStatsRepository stats;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void catalogTheArchive() {
    scans.scan(false, p -> {});
  }

  @Test
  void aWorkerPartitionAddsOnePutPerStoredArtifactWithItsBytesAndInProcessAddsNothing() {
    // given a run run in-process, and one run by the process launcher
    long inProcess = plannedRun();
    partitionJobs.run(inProcess, 0, PipelineProgress.Listener.NONE);
    assertThat(stats.operations())
        .as("in-process partitions add nothing")
        .noneMatch(o -> o.launcher().equals("in-process"));
    long onWorker = plannedRun();

    // when the worker's partition runs
    PartitionProgress end =
        partitionJobs.run(onWorker, 0, "process", PipelineProgress.Listener.NONE, id -> {});

    // then its successful puts are exactly its stored artifacts, with their bytes, and nothing
    // failed
    assertThat(end.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    long[] stored = stored(onWorker);
    assertThat(stored[0]).isPositive();
    StoreOperations puts = only("process", "put", "ok");
    assertThat(puts.store()).isEqualTo("filesystem");
    assertThat(puts.durations().count()).isEqualTo(stored[0]);
    assertThat(puts.bytes()).isEqualTo(stored[1]);
    assertThat(stats.operations())
        .noneMatch(o -> o.launcher().equals("process") && o.outcome().equals("error"));
  }

  @Test
  void aPutThatFailsAndRollsItsChunkBackIsStillCountedAsAnError() throws Exception {
    // given a store whose temp directory is a plain file, so every put fails
    Path tmp = SampleRun.dataDir(ARCHIVE).resolve("artifacts").resolve(".tmp");
    Path away = tmp.resolveSibling(".tmp-away");
    Files.move(tmp, away);
    Files.writeString(tmp, "not a directory");
    long runId = plannedRun();
    PartitionProgress end;
    try {
      // when a worker's partition runs
      end = partitionJobs.run(runId, 0, "kubernetes", PipelineProgress.Listener.NONE, id -> {});
    } finally {
      Files.delete(tmp);
      Files.move(away, tmp);
    }

    // then the chunk rolled back and stored nothing, yet its failed put is counted (at the job's
    // end, in a transaction of its own), and no put counts as done
    assertThat(end.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(stored(runId)[0]).isZero();
    assertThat(only("kubernetes", "put", "error").durations().count()).isPositive();
    assertThat(stats.operations())
        .noneMatch(o -> o.launcher().equals("kubernetes") && o.outcome().equals("ok"));
  }

  private long plannedRun() {
    long runId =
        creation.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "t").withForce(true));
    planning.plan(runId);
    return runId;
  }

  private long[] stored(long runId) {
    return jdbc.sql(
            "SELECT count(*), coalesce(sum(size_bytes), 0) FROM artifact"
                + " WHERE run_id = ? AND storage_key IS NOT NULL")
        .param(runId)
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .single();
  }

  private StoreOperations only(String launcher, String operation, String outcome) {
    return stats.operations().stream()
        .filter(
            o ->
                o.launcher().equals(launcher)
                    && o.operation().equals(operation)
                    && o.outcome().equals(outcome))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + launcher + " " + operation + " " + outcome));
  }
}
