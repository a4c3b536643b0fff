package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The real server, as its own JVM, configured for a remote Temporal ({@code
 * darkroom.temporal.target}) that is not there: it starts all the same (health shows Temporal DOWN,
 * reads and scans work, starting a run answers 503 with {@code Retry-After} at once), and its run
 * workers connect when a real Temporal dev server comes up on that port: a run then completes.
 * Stopping that Temporal mid-run makes pausing, cancelling and starting runs answer 503 at once;
 * when it is back on the same port and SQLite file, the run completes with every unit done once.
 * Skipped, naming it, without the {@code temporal} CLI.
 */
class TemporalUnreachableTest {

  // the sample archive's 31 images; a production run leaves its 2 text files alone
  static final int UNITS = 31;
  static final int IMAGES = 31;
  static final long PACE_MILLIS = 600;
  static final Duration LIMIT = Duration.ofMinutes(6);

  @TempDir Path work;

  @Test
  void serverStartsWithoutTemporalRefusesRunMutationsAt503AndRunsOnceTemporalIsThere()
      throws Exception {
    assumeTrue(onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");
    SampleArchive archive = SampleArchiveGenerator.generate(work.resolve("photos"));
    int port = freePort();
    Path temporalDb = work.resolve("temporal.db");

    // given a server whose configured Temporal target is a closed port
    ChildServer server =
        ChildServer.start(
            work,
            work.resolve("data"),
            PACE_MILLIS,
            List.of(
                "--darkroom.temporal.target=127.0.0.1:" + port,
                "--darkroom.archive.roots=" + archive.root(),
                "--darkroom.runs.chunk-size=2",
                "--darkroom.runs.partition-size=8",
                "--darkroom.launcher.in-process.threads=2"));
    Process temporal = null;
    try {
      // then it starts, degraded: health says Temporal is down, reads and scans work
      server.awaitReady();
      assertThat(temporalHealth(server)).isEqualTo("DOWN");
      assertThat(server.get("/api/runs").statusCode()).isEqualTo(200);
      scan(server);

      // and starting a run is refused at once with a 503 problem saying when to try again
      assertTemporalUnavailable(server.post("/api/runs", RUN));
      assertThat(server.getJson("/api/runs").path("items")).isEmpty();

      // when Temporal comes up on that port, the workers connect and a run can start
      temporal = startTemporal(port, temporalDb);
      await(() -> "UP".equals(temporalHealth(server)), "Temporal health UP", server);
      HttpResponse<String> started = server.post("/api/runs", RUN);
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      long runId = ChildServer.json(started.body()).path("id").asLong();
      await(() -> finished(server, runId) >= 6, "six units finished", server);

      // when Temporal stops in the middle of the run
      stop(temporal);
      await(() -> "DOWN".equals(temporalHealth(server)), "Temporal health DOWN", server);

      // then pausing, cancelling and starting runs are refused at once, and nothing changed
      assertTemporalUnavailable(server.post("/api/runs/" + runId + "/pause", ""));
      assertTemporalUnavailable(server.post("/api/runs/" + runId + "/cancel", ""));
      assertTemporalUnavailable(server.post("/api/runs", RUN));
      assertThat(server.getJson("/api/runs/" + runId).path("status").asString())
          .isEqualTo("RUNNING");

      // and when it is back on the same port and file, the run completes, every unit once
      temporal = startTemporal(port, temporalDb);
      JsonNode run = awaitEnd(server, runId);
      assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
      assertThat(run.path("counts").path("total").asInt()).isEqualTo(UNITS);
      assertThat(run.path("counts").path("done").asInt()).isEqualTo(IMAGES);
      assertThat(run.path("counts").path("failed").asInt()).isZero();
      assertThat(server.getJson("/api/runs").path("items")).hasSize(1);
    } finally {
      server.stop();
      if (temporal != null) {
        stop(temporal);
      }
    }
  }

  static final String RUN =
      """
      {"pipeline": "recorded", "scope": {"all": true}, "policy": {"kind": "PRODUCTION"}}
      """;

  private static void assertTemporalUnavailable(HttpResponse<String> response) {
    // Answered well before the client's minute of retries: ChildServer's request timeout is 60 s,
    // and the server's own bound is darkroom.temporal.call-timeout (5 s).
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = ChildServer.json(response.body());
    assertThat(problem.path("type").asString()).endsWith("/temporal-unavailable");
    assertThat(problem.path("status").asInt()).isEqualTo(503);
    assertThat(problem.path("detail").asString()).contains("Temporal is not reachable");
  }

  private static String temporalHealth(ChildServer server) {
    try {
      HttpResponse<String> health = server.get("/actuator/health");
      return ChildServer.json(health.body())
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
    assertThat(server.getJson("/api/scans/" + scanId).path("status").asString())
        .isEqualTo("COMPLETED");
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

  /** The real dev server on a fixed port, as a remote Temporal would be. */
  private Process startTemporal(int port, Path db) throws Exception {
    Process process =
        new ProcessBuilder(
                "temporal",
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--namespace",
                "default",
                "--db-filename",
                db.toString(),
                "--headless",
                "--log-level",
                "warn")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("temporal.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (!accepts(port)) {
      assertThat(process.isAlive()).as("the Temporal dev server").isTrue();
      assertThat(Instant.now()).as("Temporal on port %d", port).isBefore(deadline);
      Thread.sleep(200);
    }
    return process;
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
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
