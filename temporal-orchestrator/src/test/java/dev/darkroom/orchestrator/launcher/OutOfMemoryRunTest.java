package dev.darkroom.orchestrator.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.SampleArchives;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.orchestrator.launcher.kubernetes.MockCluster;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.orchestrator.run.RunServiceConfiguration;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import dev.darkroom.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Whole runs whose workers run out of memory on every attempt end FAILED after {@code
 * darkroom.runs.out-of-memory-attempts} (3) attempts per partition, with a reason that names the
 * setting to raise, instead of being relaunched forever (ADR 0024). Real PostgreSQL, the real
 * Temporal dev server, real worker JVMs: for the process launcher a worker whose tool exhausts its
 * heap ({@code -XX:+ExitOnOutOfMemoryError}); for the Kubernetes launcher Jobs on fabric8's mock
 * API server whose pods the {@code MockKubelet} OOM-kills (SIGKILL, reported OOMKilled).
 */
@ExtendWith(TemporalDevServerExtension.class)
@SpringBootTest(classes = OutOfMemoryRunTest.App.class)
@Import(MockCluster.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OutOfMemoryRunTest {

  static final SampleArchive ARCHIVE = SampleArchives.inTemp("darkroom-oom-run");
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  static final MockCluster.Cluster CLUSTER = MockCluster.start("out-of-memory");

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({BatchJobsConfiguration.class, RunServiceConfiguration.class, PacedTools.class})
  static class App {}

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("OutOfMemoryRun").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", () -> ARCHIVE.root().resolveSibling("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> "2");
    registry.add("darkroom.runs.test.pace-millis", () -> "50");
    registry.add("darkroom.launcher.process.main-class", PacedWorkerMain.class::getName);
    registry.add("darkroom.launcher.process.jvm-options", () -> "-Xmx128m,-XX:TieredStopAtLevel=1");
    registry.add("darkroom.temporal.target", () -> TemporalDevServerExtension.server().target());
    registry.add("darkroom.temporal.task-queue", () -> "oom-runs-" + UUID.randomUUID());
    MockCluster.register(registry, PacedWorkerMain.class);
  }

  @Autowired RunService service;
  @Autowired RunRepository runs;
  @Autowired PartitionRepository partitions;
  @Autowired ScanService scans;
  @Autowired JdbcClient jdbc;
  @Autowired ConfigurableEnvironment environment;
  @Autowired DataSource dataSource;

  @BeforeEach
  void catalogTheArchive() {
    scans.scan(false, p -> {});
    MockCluster.publishWorkerConfiguration(CLUSTER.client(), environment, dataSource);
  }

  @AfterAll
  static void stopTheCluster() {
    CLUSTER.close();
  }

  @Test
  void workerJvmsThatExhaustTheirHeapEveryTimeFailTheRunAfterThreeAttemptsNamingTheHeap() {
    // given a production run whose tool needs more heap than the worker JVMs have
    long runId =
        service.startRun(
            RunRequest.allAssets(PacedTools.HUNGRY_PIPELINE, RunPolicy.production(), "test")
                .withForce(true),
            "test",
            "process");

    // when it runs
    Run run = await(runId);

    // then it failed, naming the partition, the three attempts, the heap and what to raise
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failureReason())
        .startsWith("partition ")
        .contains(WorkerLauncher.OUT_OF_MEMORY_GIVEN_UP + " 3 times in a row")
        .contains("java.lang.OutOfMemoryError")
        .contains("-Xmx128m")
        .contains("darkroom.launcher.process.jvm-options")
        .contains("pipeline " + PacedTools.HUNGRY_PIPELINE);
    // and each partition was tried exactly three times, not relaunched on and on
    for (RunPartition partition : partitions.list(runId)) {
      assertThat(partition.status()).isEqualTo(PartitionStatus.FAILED);
      assertThat(partition.lastError()).startsWith(WorkerLauncher.OUT_OF_MEMORY_GIVEN_UP);
      assertThat(outOfMemoryAttempts(runId, partition.partitionNo())).isEqualTo(3);
    }
  }

  @Test
  void podsOomKilledEveryTimeFailTheRunAfterThreeAttemptsNamingTheResourceProfile() {
    // given a production run on the Kubernetes launcher whose pods are always OOM-killed
    CLUSTER.kubelet().oomKillNext(1000);
    int podsBefore = CLUSTER.kubelet().started();
    long runId =
        service.startRun(
            RunRequest.allAssets(PacedTools.PIPELINE, RunPolicy.production(), "test")
                .withForce(true),
            "test",
            "kubernetes");

    // when it runs
    Run run = await(runId);
    CLUSTER.kubelet().oomKillNext(0);

    // then it failed, naming the attempts, the memory limit and the profile to raise
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failureReason())
        .startsWith("partition ")
        .contains(WorkerLauncher.OUT_OF_MEMORY_GIVEN_UP + " 3 times in a row")
        .contains("OOMKilled with memory limit 1Gi")
        .contains(
            "raise the resource profile's memory for pipeline "
                + PacedTools.PIPELINE
                + " (darkroom.launcher.kubernetes.profiles."
                + PacedTools.PIPELINE
                + ".memory, now 1Gi)");
    // and every partition ran as exactly three Jobs whose pods were killed
    List<RunPartition> parts = partitions.list(runId);
    for (RunPartition partition : parts) {
      assertThat(partition.status()).isEqualTo(PartitionStatus.FAILED);
      assertThat(outOfMemoryAttempts(runId, partition.partitionNo())).isEqualTo(3);
    }
    assertThat(CLUSTER.kubelet().started() - podsBefore).isEqualTo(3 * parts.size());
  }

  private int outOfMemoryAttempts(long runId, int partitionNo) {
    return jdbc.sql(
            "SELECT out_of_memory_attempts FROM run_partition WHERE run_id = ? AND partition_no = ?")
        .params(runId, partitionNo)
        .query(Integer.class)
        .single();
  }

  private Run await(long runId) {
    Instant deadline = Instant.now().plus(RUN_TIMEOUT);
    while (true) {
      Run run = runs.get(runId);
      if (run.status().terminal()) {
        return run;
      }
      assertThat(Instant.now()).as("run " + runId + " ended in time").isBefore(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
