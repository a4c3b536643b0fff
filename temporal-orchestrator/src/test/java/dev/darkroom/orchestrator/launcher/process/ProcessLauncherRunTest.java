package dev.darkroom.orchestrator.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.testing.PacedTool.RecordedCall;
import dev.darkroom.batch.testing.RunArtifactsAssert;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPartition;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.orchestrator.launcher.PacedTools;
import dev.darkroom.orchestrator.launcher.PacedWorkerMain;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.orchestrator.run.RunServiceConfiguration;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Whole runs on the process launcher: real worker JVMs ({@link PacedWorkerMain} on the test JVM's
 * class path), real PostgreSQL, the real Temporal dev server (skipped, naming the missing {@code
 * temporal} binary, when it is absent). The sample archive's 33 files in partitions of 8 (5
 * partitions), chunks of 2 units, 2 worker JVMs at once, {@value #PACE_MILLIS} ms per image.
 *
 * <p>Redone work is counted across JVMs from the paced tool's calls file: a unit called twice was
 * processed again after a kill; at most the killed chunk (2 units) may be redone per kill.
 */
@ExtendWith(TemporalDevServerExtension.class)
@SpringBootTest(classes = ProcessLauncherRunTest.App.class)
class ProcessLauncherRunTest {

  static final long PACE_MILLIS = 500;
  static final int CHUNK = 2;
  static final SampleArchive ARCHIVE = archive();
  static final Path CALLS = ARCHIVE.root().resolveSibling("paced-calls.txt");
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({BatchJobsConfiguration.class, RunServiceConfiguration.class, PacedTools.class})
  static class App {}

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("ProcessLauncherRun").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", () -> ARCHIVE.root().resolveSibling("data").toString());
    registry.add("darkroom.runs.chunk-size", () -> Integer.toString(CHUNK));
    registry.add("darkroom.runs.partition-size", () -> "8");
    registry.add("darkroom.runs.test.pace-millis", () -> Long.toString(PACE_MILLIS));
    registry.add("darkroom.runs.test.calls-file", CALLS::toString);
    registry.add("darkroom.launcher.process.workers", () -> "2");
    registry.add("darkroom.launcher.process.main-class", PacedWorkerMain.class::getName);
    registry.add("darkroom.launcher.process.jvm-options", () -> "-Xmx256m,-XX:TieredStopAtLevel=1");
    registry.add("darkroom.temporal.target", () -> TemporalDevServerExtension.server().target());
    registry.add("darkroom.temporal.task-queue", () -> "process-runs-" + UUID.randomUUID());
  }

  @Autowired RunService service;
  @Autowired RunRepository runs;
  @Autowired RunUnitRepository units;
  @Autowired PartitionRepository partitions;
  @Autowired ScanService scans;
  @Autowired ArtifactStore artifactStore;
  @Autowired JdbcClient jdbc;

  @Test
  void runOnWorkerJvmsSurvivesKill9OfTwoWorkersMidPartitionWithEveryUnitDoneOnce()
      throws IOException {
    // given the archive catalogued and a production run on the process launcher
    scans.scan(false, p -> {});
    Files.deleteIfExists(CALLS);
    long runId =
        service.startRun(
            RunRequest.allAssets(PacedTools.PIPELINE, RunPolicy.production(), "test")
                .withForce(true),
            "test",
            ProcessWorkerLauncher.NAME);
    assertThat(runs.get(runId).launcher()).isEqualTo("process");

    // when a worker JVM is killed with SIGKILL mid-partition, twice, in two partitions
    Set<Integer> killedPartitions = new HashSet<>();
    Set<Long> workersSeen = new HashSet<>();
    for (int kill = 0; kill < 2; kill++) {
      Victim victim =
          await(
              () -> victim(runId, killedPartitions, workersSeen),
              "a worker JVM with a committed chunk and more to do");
      ProcessHandle worker = ProcessHandle.of(victim.pid()).orElseThrow();
      worker.destroyForcibly();
      worker.onExit().join();
      killedPartitions.add(victim.partitionNo());
    }

    // then the run completes: every unit done once, every artifact once with its blob
    Run run = await(() -> ended(runId), "run " + runId + " to end");
    assertThat(run.status()).as(run.error()).isEqualTo(RunStatus.COMPLETED);
    UnitCounts counts = units.counts(runId);
    assertThat(counts.total()).isEqualTo(33);
    assertThat(counts.unfinished()).isZero();
    assertThat(counts.failed()).isZero();
    assertThat(counts.skipped()).isEqualTo(2); // the two text files
    RunArtifactsAssert.of(jdbc, artifactStore)
        .assertOncePerUnitAndKindWithBlobs(runId, Map.of("image-metadata", 31L, "paced", 31L), 31);

    // and the partitions ran in worker JVMs (more than one), the killed ones relaunched
    List<RunPartition> parts = partitions.list(runId);
    assertThat(parts).hasSize(5).allSatisfy(p -> assertThat(p.launcher()).isEqualTo("process"));
    parts.forEach(p -> workersSeen.add(pid(p.worker()).orElseThrow()));
    assertThat(workersSeen)
        .hasSizeGreaterThanOrEqualTo(2)
        .doesNotContain(ProcessHandle.current().pid());
    for (int killed : killedPartitions) {
      assertThat(parts.get(killed).jobExecutionIds())
          .as("partition " + killed)
          .hasSizeGreaterThan(1);
    }

    // and at most the killed chunk was redone per kill
    Map<Long, Long> calls =
        PacedTool.recordedCalls(CALLS).stream()
            .collect(Collectors.groupingBy(RecordedCall::assetId, Collectors.counting()));
    long redone = calls.values().stream().mapToLong(n -> n - 1).sum();
    assertThat(calls).hasSize(31);
    System.out.printf(
        "PROCESS-RUN-FIGURES kills=%d redoneUnits=%d workerJvms>=%d executions=%d%n",
        killedPartitions.size(),
        redone,
        workersSeen.size(),
        parts.stream().mapToLong(p -> p.jobExecutionIds().size()).sum());
    assertThat(redone).isLessThanOrEqualTo((long) CHUNK * killedPartitions.size());
  }

  record Victim(int partitionNo, long pid) {}

  /** A RUNNING partition not killed yet, with a committed chunk and units left, and its worker. */
  private Victim victim(long runId, Set<Integer> killed, Set<Long> workersSeen) {
    Run run = runs.get(runId);
    if (run.status().terminal()) {
      throw new AssertionError(
          "run " + runId + " ended " + run.status() + " before a worker JVM could be killed");
    }
    Map<Integer, UnitCounts> byPartition = units.countsByPartition(runId);
    for (RunPartition partition : partitions.list(runId)) {
      Optional<Long> pid = pid(partition.worker());
      pid.ifPresent(workersSeen::add);
      UnitCounts counts = byPartition.get(partition.partitionNo());
      if (killed.contains(partition.partitionNo())
          || pid.isEmpty()
          || counts == null
          || partition.status() != dev.darkroom.core.run.PartitionStatus.RUNNING) {
        continue;
      }
      long finished = counts.done() + counts.failed() + counts.skipped();
      // A child of this JVM: never kill a process by a pid that is not ours.
      long candidate = pid.get();
      boolean ours = ProcessHandle.current().children().anyMatch(p -> p.pid() == candidate);
      if (ours && finished >= CHUNK && finished <= counts.total() - CHUNK) {
        return new Victim(partition.partitionNo(), pid.get());
      }
    }
    return null;
  }

  private static Optional<Long> pid(String worker) {
    if (worker == null || !worker.contains("@")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(worker.substring(0, worker.indexOf('@'))));
  }

  private Run ended(long runId) {
    Run run = runs.get(runId);
    return run.status().terminal() ? run : null;
  }

  private static <T> T await(Supplier<T> condition, String what) {
    Instant deadline = Instant.now().plus(RUN_TIMEOUT);
    while (true) {
      T value = condition.get();
      if (value != null) {
        return value;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + RUN_TIMEOUT + " waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static SampleArchive archive() {
    try {
      Path base = Files.createTempDirectory("darkroom-process-run");
      return SampleArchiveGenerator.generate(base.resolve("photos"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
