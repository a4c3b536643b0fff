package dev.darkroom.cli.runs;

import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.ApiException;
import dev.darkroom.cli.api.ServerUnreachableException;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.ProgressBar;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.JsonNode;

/**
 * Follows a run to its end: the server's live stream ({@code GET /api/runs/{id}/events}) drives the
 * progress bar, and when the stream cannot be had (too many streams, a proxy that buffers) or ends
 * early, polling {@code GET /api/runs/{id}} takes over. Watching never steers the run: Ctrl-C ends
 * this process and the run goes on.
 */
final class RunWatcher {

  static final Duration POLL = Duration.ofSeconds(2);

  /**
   * How much to re-read on a chunk event: at most this often, the stream's progress comes anyway.
   */
  static final Duration REFRESH = Duration.ofMillis(500);

  private final ApiClient api;
  private final Printer printer;

  RunWatcher(ApiClient api, Printer printer) {
    this.api = api;
    this.printer = printer;
  }

  /** Watches until the run is no longer active, then answers its final status. */
  JsonNode watch(long runId) throws InterruptedException {
    String path = "/api/runs/" + runId;
    AtomicReference<JsonNode> latest = new AtomicReference<>(api.get(path));
    if (!active(latest.get())) {
      return latest.get();
    }
    if (!printer.quiet()) {
      printer
          .env()
          .err()
          .println("Watching run " + runId + " (Ctrl-C stops watching; the run goes on)");
      printer.env().err().flush();
    }
    AtomicBoolean finished = new AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              if (!finished.get()) {
                printer.env().err().println();
                printer
                    .env()
                    .err()
                    .println(
                        "Stopped watching run "
                            + runId
                            + "; the run goes on (darkroom runs watch "
                            + runId
                            + " to follow it again, darkroom runs cancel "
                            + runId
                            + " to stop it).");
                printer.env().err().flush();
              }
            });
    Runtime.getRuntime().addShutdownHook(hook);
    try (ProgressBar bar = new ProgressBar(printer)) {
      draw(bar, latest.get());
      long[] lastRead = {System.nanoTime()};
      try {
        api.events(
            path + "/events",
            event -> {
              if (event.name().equals("progress")) {
                latest.set(ApiClient.JSON.readTree(event.data()));
                lastRead[0] = System.nanoTime();
              } else if (System.nanoTime() - lastRead[0] > REFRESH.toNanos()) {
                latest.set(api.get(path)); // a chunk committed or the state changed: re-read
                lastRead[0] = System.nanoTime();
              }
              draw(bar, latest.get());
              return !active(latest.get());
            });
      } catch (ApiException | ServerUnreachableException e) {
        // No live stream (503 too-many-streams, a buffering proxy, a dropped connection): poll.
        if (printer.interactive()) {
          printer.env().err().println("(no live events: " + e.getMessage() + "; polling)");
        }
      }
      while (active(latest.get())) {
        Thread.sleep(POLL.toMillis());
        latest.set(api.get(path));
        draw(bar, latest.get());
      }
    } finally {
      finished.set(true);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already
      }
    }
    // The stream's last snapshot may predate the run's final bookkeeping: read it once more.
    return api.get(path);
  }

  private void draw(ProgressBar bar, JsonNode run) {
    JsonNode counts = run.path("counts");
    long finished =
        counts.path("done").asLong()
            + counts.path("failed").asLong()
            + counts.path("skipped").asLong();
    String eta =
        run.path("etaSeconds").isNumber() ? "  eta " + run.path("etaSeconds").asLong() + "s" : "";
    bar.update(
        "run " + run.path("id").asString() + " " + run.path("status").asString(),
        finished,
        counts.path("total").asLong(),
        "failed " + counts.path("failed").asLong() + eta);
  }

  static boolean active(JsonNode run) {
    return run.path("active").asBoolean(false);
  }

  /** 0 when the run completed with every unit done or skipped, else 1 (docs/cli.md). */
  static int exitCode(JsonNode run) {
    return run.path("status").asString().equals("COMPLETED") ? ExitCode.OK : ExitCode.FAILED;
  }
}
