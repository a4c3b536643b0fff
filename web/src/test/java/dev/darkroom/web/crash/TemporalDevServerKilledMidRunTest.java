package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.testing.PacedTool.RecordedCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real server, as its own JVM on the embedded defaults, with its Temporal dev server frozen and
 * then killed in the middle of a production run. Frozen ({@code SIGSTOP}: its port still accepts
 * connections but nothing answers, the case a reachability check cannot see), pausing, cancelling
 * and starting runs answer 503 within the call timeout instead of the client's minute of retries,
 * and health says Temporal is down. Killed ({@code SIGKILL}), the supervisor starts it again on the
 * same port and SQLite file and the run completes with every unit done once. Skipped, naming it,
 * without the {@code temporal} CLI.
 */
class TemporalDevServerKilledMidRunTest {

  // the sample archive's 31 images; a production run leaves its 2 text files alone
  static final int UNITS = 31;
  static final int IMAGES = 31;
  static final Duration LIMIT = Duration.ofMinutes(8);

  @TempDir Path work;

  @Test
  void frozenTemporalAnswers503AndKilledTemporalIsRestartedAndTheRunCompletes() throws Exception {
    assumeTrue(ChildServer.onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");
    SampleArchive archive = SampleArchiveGenerator.generate(work.resolve("photos"));
    Path dataDir = work.resolve("data");
    ChildServer server =
        ChildServer.start(
            work,
            dataDir,
            600,
            List.of(
                "--darkroom.archive.roots=" + archive.root(),
                "--darkroom.runs.chunk-size=2",
                "--darkroom.runs.partition-size=8",
                "--darkroom.launcher.in-process.threads=2"));
    ProcessHandle devServer = null;
    try {
      // given a production run under way on the server's own, supervised dev server
      server.awaitReady();
      server.scan(LIMIT);
      long runId = server.startRecordedRun();
      server.await(() -> server.finished(runId) >= 6, "six units finished", LIMIT);
      devServer = server.devServer();

      // when the dev server freezes
      ChildServer.signal("STOP", devServer);

      // then run mutations are refused with a 503 problem once the call timeout is up
      ChildServer.assertTemporalUnavailable(server.post("/api/runs/" + runId + "/pause", ""));
      ChildServer.assertTemporalUnavailable(server.post("/api/runs/" + runId + "/cancel", ""));
      ChildServer.assertTemporalUnavailable(server.post("/api/runs", ChildServer.RECORDED_RUN));
      assertThat(server.temporalHealth()).isEqualTo("DOWN");

      // when it is killed
      ChildServer.signal("KILL", devServer);
      long killedPid = devServer.pid();

      // then it is started again and the run completes with every unit once
      JsonNode run = server.awaitEnd(runId, LIMIT);
      assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
      assertThat(run.path("counts").path("total").asInt()).isEqualTo(UNITS);
      assertThat(run.path("counts").path("done").asInt()).isEqualTo(IMAGES);
      assertThat(run.path("counts").path("failed").asInt()).isZero();
      ProcessHandle restarted = server.devServer();
      assertThat(restarted.pid()).isNotEqualTo(killedPid);
      assertThat(server.temporalHealth()).isEqualTo("UP");
      assertThat(server.getJson("/api/runs").path("items")).hasSize(1);

      Map<Long, Long> calls =
          ChildServer.invocations(work).stream()
              .collect(Collectors.groupingBy(RecordedCall::assetId, Collectors.counting()));
      assertThat(calls).hasSize(IMAGES);
      long redone = calls.values().stream().mapToLong(n -> n - 1).sum();
      System.out.printf("TEMPORAL-KILL-FIGURES redoneUnits=%d%n", redone);
    } finally {
      if (devServer != null && devServer.isAlive()) {
        ChildServer.signal("CONT", devServer);
      }
      server.stop();
    }
  }
}
