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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    assumeTrue(ChildServer.onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");
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
      assertThat(server.temporalHealth()).isEqualTo("DOWN");
      assertThat(server.get("/api/runs").statusCode()).isEqualTo(200);
      server.scan(LIMIT);

      // and starting a run is refused at once with a 503 problem saying when to try again
      assertTemporalUnavailable(server.post("/api/runs", ChildServer.RECORDED_RUN));
      assertThat(server.getJson("/api/runs").path("items")).isEmpty();

      // when Temporal comes up on that port, the workers connect and a run can start
      temporal = startTemporal(port, temporalDb);
      server.await(() -> "UP".equals(server.temporalHealth()), "Temporal health UP", LIMIT);
      long runId = server.startRecordedRun();
      server.await(() -> server.finished(runId) >= 6, "six units finished", LIMIT);

      // when Temporal stops in the middle of the run
      stop(temporal);
      server.await(() -> "DOWN".equals(server.temporalHealth()), "Temporal health DOWN", LIMIT);

      // then pausing, cancelling and starting runs are refused at once, and nothing changed
      assertTemporalUnavailable(server.post("/api/runs/" + runId + "/pause", ""));
      assertTemporalUnavailable(server.post("/api/runs/" + runId + "/cancel", ""));
      assertTemporalUnavailable(server.post("/api/runs", ChildServer.RECORDED_RUN));
      assertThat(server.getJson("/api/runs/" + runId).path("status").asString())
          .isEqualTo("RUNNING");

      // and when it is back on the same port and file, the run completes, every unit once
      temporal = startTemporal(port, temporalDb);
      JsonNode run = server.awaitEnd(runId, LIMIT);
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

  private static void assertTemporalUnavailable(HttpResponse<String> response) {
    assertThat(ChildServer.assertTemporalUnavailable(response).path("detail").asString())
        .contains("Temporal is not reachable");
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
}
