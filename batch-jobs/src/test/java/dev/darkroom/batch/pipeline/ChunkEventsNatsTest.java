package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.CrashingArtifactStore;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.events.ChunkCommitted;
import dev.darkroom.core.events.RunEvent;
import dev.darkroom.core.events.UnitFailed;
import dev.darkroom.core.events.nats.NatsProperties;
import dev.darkroom.core.events.nats.NatsRunEvents;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.NatsServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * Chunk committed and unit failed events of a partition's job, published by a worker over a real
 * {@code nats-server} (skipped, naming it, when absent) and received by another process's adapter:
 * each arrives after its chunk committed (its units are already finished in PostgreSQL), a chunk
 * that died before its commit is never reported, and the restarted job reports the redone chunk
 * once, so the reported units add up to the partition exactly.
 */
@SpringBootTest(classes = {WorkerMain.WorkerApplication.class, ChunkEventsNatsTest.Crashing.class})
class ChunkEventsNatsTest {

  static final int CHUNK = 4;
  static final SampleArchive ARCHIVE = SampleRun.archive();
  static NatsServer nats;

  @BeforeAll
  static void startNats() {
    nats = NatsServer.start();
  }

  @AfterAll
  static void stopNats() {
    if (nats != null) {
      nats.close();
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SampleRun.register(registry, "ChunkEventsNatsTest", ARCHIVE, CHUNK);
    registry.add("darkroom.nats.url", () -> nats.url());
  }

  static class Crashing {
    @Bean
    @Primary
    CrashingArtifactStore crashingArtifactStore() {
      return new CrashingArtifactStore(
          new FilesystemArtifactStore(
              SampleRun.dataDir(ARCHIVE).resolve("events-artifacts"), List.of(ARCHIVE.root())));
    }
  }

  @Autowired ScanService scans;
  @Autowired RunCreation creation;
  @Autowired RunPlanning planning;
  @Autowired PartitionJobService partitionJobs;
  @Autowired CrashingArtifactStore store;
  @Autowired JdbcClient jdbc;

  @Test
  void chunkEventsArriveAfterTheirCommitAndNeverForAChunkThatRolledBack() throws Exception {
    List<RunEvent> received = new ArrayList<>();
    List<String> seenBeforeCommit = new ArrayList<>();
    try (NatsRunEvents server = NatsRunEvents.start(NatsProperties.of(nats.url()))) {
      server.subscribe(
          event -> {
            if (event instanceof ChunkCommitted chunk) {
              long finished = finishedUnits(chunk.runId(), chunk.partitionNo());
              if (finished < chunk.partition().finished()) {
                seenBeforeCommit.add(chunk + " but PostgreSQL has " + finished);
              }
            }
            synchronized (received) {
              received.add(event);
            }
          });
      awaitConnected(server);
      scans.scan(false, p -> {});
      long runId =
          creation.create(
              RunRequest.allAssets("images-basic", RunPolicy.production(), "t").withForce(true));
      PlanResult plan = planning.plan(runId);
      store.crashOnceAtPut(2 * CHUNK + 2); // the third chunk with photos dies before its commit

      PartitionProgress crashed = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);
      PartitionProgress restarted = partitionJobs.run(runId, 0, PipelineProgress.Listener.NONE);

      assertThat(crashed.state()).isEqualTo(PartitionProgress.State.FAILED);
      assertThat(restarted.state()).isEqualTo(PartitionProgress.State.COMPLETED);
      List<ChunkCommitted> chunks = awaitChunks(received, runId, plan.units());
      assertThat(seenBeforeCommit).isEmpty();
      // Every unit reported exactly once: the chunk that died was not, its redo was.
      assertThat(chunks.stream().mapToLong(c -> c.chunk().finished()).sum())
          .isEqualTo(plan.units());
      assertThat(chunks).allSatisfy(c -> assertThat(c.chunk().finished()).isBetween(1L, 4L));
      long running = 0;
      for (ChunkCommitted chunk : chunks) {
        running += chunk.chunk().finished();
        assertThat(chunk.partition().finished()).as("partition totals").isEqualTo(running);
        assertThat(chunk.partitionUnits()).isEqualTo(plan.units());
      }
      ChunkCommitted last = chunks.get(chunks.size() - 1);
      Map<String, Long> counts = unitCounts(runId);
      assertThat(last.partition().done()).isEqualTo(counts.getOrDefault("DONE", 0L));
      assertThat(last.partition().failed()).isEqualTo(counts.getOrDefault("FAILED", 0L));
      assertThat(last.partition().skipped()).isEqualTo(counts.getOrDefault("SKIPPED", 0L));
      Map<String, String> failedInEvents;
      synchronized (received) {
        failedInEvents =
            received.stream()
                .filter(e -> e instanceof UnitFailed && e.runId() == runId)
                .map(e -> (UnitFailed) e)
                .collect(Collectors.toMap(UnitFailed::unitKey, UnitFailed::reason));
      }
      assertThat(failedInEvents).isEqualTo(failedUnits(runId)).isNotEmpty();
    }
  }

  private long finishedUnits(long runId, int partitionNo) {
    return jdbc.sql(
            """
            SELECT count(*) FROM run_unit WHERE run_id = ? AND partition_no = ?
               AND status IN ('DONE', 'FAILED', 'SKIPPED')
            """)
        .params(runId, partitionNo)
        .query(Long.class)
        .single();
  }

  private Map<String, Long> unitCounts(long runId) {
    return jdbc
        .sql("SELECT status, count(*) FROM run_unit WHERE run_id = ? GROUP BY status")
        .param(runId)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private Map<String, String> failedUnits(long runId) {
    return jdbc
        .sql("SELECT unit_key, error FROM run_unit WHERE run_id = ? AND status = 'FAILED'")
        .param(runId)
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static List<ChunkCommitted> awaitChunks(List<RunEvent> received, long runId, long units)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      List<ChunkCommitted> chunks;
      synchronized (received) {
        chunks =
            received.stream()
                .filter(e -> e instanceof ChunkCommitted && e.runId() == runId)
                .map(e -> (ChunkCommitted) e)
                .toList();
      }
      long reported = chunks.stream().mapToLong(c -> c.chunk().finished()).sum();
      if (reported >= units || System.nanoTime() > deadline) {
        Thread.sleep(500); // anything that would arrive late (a wrongly reported chunk)
        synchronized (received) {
          return received.stream()
              .filter(e -> e instanceof ChunkCommitted && e.runId() == runId)
              .map(e -> (ChunkCommitted) e)
              .toList();
        }
      }
      Thread.sleep(50);
    }
  }

  private static void awaitConnected(NatsRunEvents events) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!events.connected()) {
      assertThat(System.nanoTime()).as("connected to NATS in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
