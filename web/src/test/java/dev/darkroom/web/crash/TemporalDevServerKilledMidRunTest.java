package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
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
    assumeTrue(onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");
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
      scan(server);
      HttpResponse<String> started = server.post("/api/runs", TemporalUnreachableTest.RUN);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      long runId = ChildServer.json(started.body()).path("id").asLong();
      await(() -> finished(server, runId) >= 6, "six units finished", server);
      devServer = devServerOf(server);

      // when the dev server freezes
      signal("STOP", devServer);

      // then run mutations are refused with a 503 problem once the call timeout is up
      assertUnavailable(server.post("/api/runs/" + runId + "/pause", ""));
      assertUnavailable(server.post("/api/runs/" + runId + "/cancel", ""));
      assertUnavailable(server.post("/api/runs", TemporalUnreachableTest.RUN));
      assertThat(temporalHealth(server)).isEqualTo("DOWN");

      // when it is killed
      signal("KILL", devServer);
      long killedPid = devServer.pid();

      // then it is started again and the run completes with every unit once
      JsonNode run = awaitEnd(server, runId);
      assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
      assertThat(run.path("counts").path("total").asInt()).isEqualTo(UNITS);
      assertThat(run.path("counts").path("done").asInt()).isEqualTo(IMAGES);
      assertThat(run.path("counts").path("failed").asInt()).isZero();
      ProcessHandle restarted = devServerOf(server);
      assertThat(restarted.pid()).isNotEqualTo(killedPid);
      assertThat(temporalHealth(server)).isEqualTo("UP");
      assertThat(server.getJson("/api/runs").path("items")).hasSize(1);

      Map<String, Integer> calls = new HashMap<>();
      for (String line : Files.readAllLines(work.resolve("invocations.log"))) {
        if (!line.isBlank()) {
          calls.merge(line.trim().split(" ")[1], 1, Integer::sum);
        }
      }
      assertThat(calls).hasSize(IMAGES);
      long redone = calls.values().stream().mapToInt(n -> n - 1).sum();
      System.out.printf("TEMPORAL-KILL-FIGURES redoneUnits=%d%n", redone);
    } finally {
      if (devServer != null && devServer.isAlive()) {
        signal("CONT", devServer);
      }
      server.stop();
    }
  }

  private static void assertUnavailable(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(ChildServer.json(response.body()).path("type").asString())
        .endsWith("/temporal-unavailable");
  }

  private static ProcessHandle devServerOf(ChildServer server) {
    return server
        .process
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("start-dev"))
        .filter(ProcessHandle::isAlive)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dev server under the server"));
  }

  private static void signal(String signal, ProcessHandle process) throws Exception {
    int exit =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .inheritIO()
            .start()
            .waitFor();
    assertThat(exit).as("kill -%s %d", signal, process.pid()).isZero();
  }

  private static String temporalHealth(ChildServer server) {
    try {
      return ChildServer.json(server.get("/actuator/health").body())
          .path("components")
          .path("temporal")
          .path("status")
          .asString();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static long finished(ChildServer server, long runId) {
    try {
      JsonNode counts = server.getJson("/api/runs/" + runId).path("counts");
      return counts.path("done").asLong()
          + counts.path("failed").asLong()
          + counts.path("skipped").asLong();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void scan(ChildServer server) throws Exception {
    HttpResponse<String> started = server.post("/api/scans", "{}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    long scanId = ChildServer.json(started.body()).path("id").asLong();
    await(
        () -> {
          try {
            return Set.of("COMPLETED", "FAILED", "STOPPED")
                .contains(server.getJson("/api/scans/" + scanId).path("status").asString());
          } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
          }
        },
        "scan " + scanId + " to end",
        server);
  }

  private static JsonNode awaitEnd(ChildServer server, long runId) throws Exception {
    await(
        () -> {
          try {
            return !server.getJson("/api/runs/" + runId).path("active").asBoolean(true);
          } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
          }
        },
        "run " + runId + " to end",
        server);
    return server.getJson("/api/runs/" + runId);
  }

  private static void await(BooleanSupplier condition, String what, ChildServer server)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(LIMIT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for %s:%n%s", what, server.output()).isBefore(deadline);
      Thread.sleep(250);
    }
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
