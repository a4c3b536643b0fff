package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.testing.PacedTool.RecordedCall;
import dev.darkroom.batch.testing.RunArtifactsAssert;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * The real server, as its own JVM on the embedded defaults (embedded PostgreSQL and the Temporal
 * CLI dev server under its data directory), killed with SIGKILL three times in the middle of one
 * production run and started again once after each kill: right after the run started, in the middle
 * of its partitions with some chunks committed, and while its last partitions finish. Every start
 * succeeds first time, the run resumes by itself (its Temporal workflow carries on from the dev
 * server's SQLite file, partitions whose job died with the server are launched again) and completes
 * with every unit done once, every artifact with its blob and no blob without its artifact; nothing
 * of a killed server is left running. Redone units per kill are printed ({@code KILL-FIGURES}) and
 * quoted in docs/runs.md. Skipped, naming it, without the {@code temporal} CLI.
 */
class ServerKilledMidRunTest {

  // The sample archive's 31 images; its 2 text files are not applicable to the pipeline, and a
  // production run leaves them alone (counted as current, docs/coverage.md).
  static final int UNITS = 31;
  static final int IMAGES = 31;
  static final int THREADS = 2;
  static final int CHUNK_SIZE = 2;
  static final long PACE_MILLIS = 600;
  static final Duration RUN_LIMIT = Duration.ofMinutes(10);

  @TempDir Path work;

  record Kill(String when, long pid, long finishedAtKill) {}

  @Test
  void aRunKilledThreeTimesResumesAfterEachRestartAndCompletesWithEveryUnitOnce() throws Exception {
    assumeTrue(ChildServer.onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");
    SampleArchive archive = SampleArchiveGenerator.generate(work.resolve("photos"));
    Path dataDir = work.resolve("data");
    List<String> args =
        List.of(
            "--darkroom.archive.roots=" + archive.root(),
            "--darkroom.runs.chunk-size=" + CHUNK_SIZE,
            "--darkroom.runs.partition-size=8",
            "--darkroom.launcher.in-process.threads=" + THREADS);
    List<Kill> kills = new ArrayList<>();
    List<ProcessHandle> killedProcesses = new ArrayList<>();
    List<ChildServer> started = new ArrayList<>();

    ChildServer server = ChildServer.start(work, dataDir, PACE_MILLIS, args);
    started.add(server);
    try {
      server.awaitReady();
      // given a scanned archive and a production run of the recorded pipeline, just started
      server.scan(RUN_LIMIT);
      long runId = server.startRecordedRun();

      // when the server is killed right after the run started, then once some chunks committed,
      // then while its last partitions finish, and started again after each kill
      kill(server, "right after the run started", runId, dataDir, kills, killedProcesses);
      server = restart(work, dataDir, args, started);
      List<Long> resumeSeconds = new ArrayList<>();
      resumeSeconds.add(awaitResumed(server, runId, last(kills)));
      awaitFinished(server, runId, 8);
      kill(server, "mid-partition, chunks committed", runId, dataDir, kills, killedProcesses);
      server = restart(work, dataDir, args, started);
      resumeSeconds.add(awaitResumed(server, runId, last(kills)));
      awaitFinished(server, runId, UNITS - 6);
      kill(server, "while the last partitions finish", runId, dataDir, kills, killedProcesses);
      server = restart(work, dataDir, args, started);
      resumeSeconds.add(awaitResumed(server, runId, last(kills)));

      // then the run completes by itself
      JsonNode run = server.awaitEnd(runId, RUN_LIMIT);
      assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
      JsonNode counts = run.path("counts");
      assertThat(counts.path("total").asInt()).isEqualTo(UNITS);
      assertThat(counts.path("done").asInt()).isEqualTo(IMAGES);
      assertThat(counts.path("skipped").asInt()).isZero();
      assertThat(run.path("unitsCurrent").asInt()).as("the text files, left alone").isEqualTo(2);
      assertThat(counts.path("failed").asInt()).isZero();

      // with every unit's artifacts once, each with its blob, and no blob without its artifact
      assertArtifactsOnceWithTheirBlobsAndNoOrphans(runId, dataDir);

      // and no process of a killed server remains
      awaitGone(killedProcesses, started);

      // Redone units per kill: assets the killed server's tool started that a later server ran
      // again (the recorded tool's calls, "<pid> <asset id>").
      Map<Kill, Integer> redone = redonePerKill(kills);
      for (int i = 0; i < kills.size(); i++) {
        Kill kill = kills.get(i);
        System.out.printf(
            "KILL-FIGURES when=\"%s\" finishedAtKill=%d redoneUnits=%d"
                + " secondsFromRestartToNextUnit=%d%n",
            kill.when(), kill.finishedAtKill(), redone.get(kill), resumeSeconds.get(i));
      }
      System.out.printf(
          "KILL-FIGURES toolInvocations=%d images=%d%n",
          ChildServer.invocations(work).size(), IMAGES);
      // At most the chunks in flight: one per launcher thread.
      assertThat(redone.values())
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(THREADS * CHUNK_SIZE));
      assertThat(ChildServer.invocations(work).stream().map(RecordedCall::assetId).distinct())
          .hasSize(IMAGES);
    } finally {
      server.stop();
      for (ChildServer any : started) {
        if (any.process.isAlive()) {
          any.process.destroyForcibly();
        }
      }
    }
  }

  private static void kill(
      ChildServer server,
      String when,
      long runId,
      Path dataDir,
      List<Kill> kills,
      List<ProcessHandle> killedProcesses)
      throws Exception {
    long finished = server.finished(runId);
    List<ProcessHandle> processes = server.processesOf(dataDir);
    assertThat(processes.stream().map(ChildServer::describe))
        .as("the server, its PostgreSQL and its Temporal dev server")
        .anyMatch(line -> line.contains("postgres"))
        .anyMatch(line -> line.contains("temporal"));
    server.kill();
    kills.add(new Kill(when, server.process.pid(), finished));
    killedProcesses.addAll(processes);
  }

  private static ChildServer restart(
      Path work, Path dataDir, List<String> args, List<ChildServer> started) throws Exception {
    ChildServer next = ChildServer.start(work, dataDir, PACE_MILLIS, args);
    started.add(next);
    // Started first time: a start that fails ends the process and fails here with its output.
    next.awaitReady();
    assertThat(next.output()).doesNotContain("Could not start the embedded PostgreSQL");
    return next;
  }

  private static Kill last(List<Kill> kills) {
    return kills.get(kills.size() - 1);
  }

  /**
   * Waits until the restarted server finishes a unit beyond those finished at the kill (or the run
   * ends); returns the seconds that took from its start-up, for the figures.
   */
  private static long awaitResumed(ChildServer server, long runId, Kill kill) throws Exception {
    Instant ready = Instant.now();
    server.await(
        () -> {
          JsonNode run = server.run(runId);
          return ChildServer.finished(run) > kill.finishedAtKill()
              || !run.path("active").asBoolean(true);
        },
        "run " + runId + " to go on after the restart",
        RUN_LIMIT);
    return Duration.between(ready, Instant.now()).toSeconds();
  }

  private static void awaitFinished(ChildServer server, long runId, long units) throws Exception {
    server.await(
        () -> server.finished(runId) >= units,
        "run " + runId + " to finish " + units + " units",
        RUN_LIMIT);
  }

  private void assertArtifactsOnceWithTheirBlobsAndNoOrphans(long runId, Path dataDir)
      throws IOException {
    List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
    String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres";
    JdbcClient jdbc =
        JdbcClient.create(new DriverManagerDataSource(jdbcUrl, "postgres", "postgres"));
    RunArtifactsAssert.of(
            jdbc, new FilesystemArtifactStore(dataDir.resolve("artifacts"), List.of()))
        .assertOncePerUnitAndKindWithBlobs(
            runId,
            Map.of("image-metadata", (long) IMAGES, CrashTestServer.RECORDED_TOOL, (long) IMAGES),
            IMAGES);
    Set<String> referenced =
        new HashSet<>(
            jdbc.sql("SELECT storage_key FROM artifact WHERE storage_key IS NOT NULL")
                .query(String.class)
                .list());

    Path store = dataDir.resolve("artifacts");
    List<String> orphans;
    try (Stream<Path> files = Files.walk(store)) {
      orphans =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !store.relativize(f).toString().startsWith("."))
              .filter(f -> !f.getFileName().toString().endsWith(".type"))
              .filter(f -> !referenced.contains(store.relativize(f).toString()))
              .filter(f -> !isPreflightProbe(f))
              .map(f -> store.relativize(f).toString())
              .toList();
    }
    assertThat(orphans).as("blobs no artifact references").isEmpty();
  }

  /** The preflight's store-write probe: one fixed blob, on purpose without an artifact. */
  private static boolean isPreflightProbe(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).startsWith("darkroom preflight:");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static void awaitGone(List<ProcessHandle> killed, List<ChildServer> started)
      throws InterruptedException {
    Set<Long> current = new HashSet<>();
    ChildServer last = started.get(started.size() - 1);
    current.add(last.process.pid());
    last.process.descendants().forEach(p -> current.add(p.pid()));
    List<ProcessHandle> old = killed.stream().filter(p -> !current.contains(p.pid())).toList();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (old.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
      Thread.sleep(250);
    }
    assertThat(old.stream().filter(ProcessHandle::isAlive).map(ChildServer::describe))
        .as("processes of a killed server still running")
        .isEmpty();
  }

  /** Per kill: assets the killed server's tool was invoked for and a later server's again. */
  private Map<Kill, Integer> redonePerKill(List<Kill> kills) {
    List<RecordedCall> lines = ChildServer.invocations(work);
    Map<Kill, Integer> redone = new LinkedHashMap<>();
    for (Kill kill : kills) {
      int lastOfKilled = -1;
      Set<Long> ranThere = new HashSet<>();
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).pid() == kill.pid()) {
          ranThere.add(lines.get(i).assetId());
          lastOfKilled = i;
        }
      }
      Set<Long> again = new HashSet<>();
      for (int i = lastOfKilled + 1; i < lines.size(); i++) {
        if (lines.get(i).pid() != kill.pid() && ranThere.contains(lines.get(i).assetId())) {
          again.add(lines.get(i).assetId());
        }
      }
      redone.put(kill, again.size());
    }
    return redone;
  }
}
