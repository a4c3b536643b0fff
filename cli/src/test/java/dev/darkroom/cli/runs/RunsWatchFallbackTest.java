package dev.darkroom.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.darkroom.cli.TestTerminal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runs watch} when the server will not stream (its live streams all taken: 503
 * too-many-streams, or a proxy in between): the watcher says so and polls the run to its end. The
 * server here is a stand-in speaking the API's documented answers, since the behaviour under test
 * is the client's; the real server's stream is covered by CliEndToEndTest.
 */
class RunsWatchFallbackTest {

  @TempDir Path home;

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger statusReads = new AtomicInteger();

  @BeforeEach
  void aServerWhoseStreamsAreAllTaken() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/runs/7/events",
        exchange -> {
          requests.add(exchange.getRequestURI().getPath());
          answer(
              exchange,
              503,
              "application/problem+json",
              "{\"type\":\"https://darkroom.dev/problems/too-many-streams\",\"title\":\"Too many"
                  + " live streams\",\"status\":503,\"detail\":\"all 0 live streams are"
                  + " taken\"}");
        });
    server.createContext(
        "/api/runs/7",
        exchange -> {
          requests.add(exchange.getRequestURI().getPath());
          int read = statusReads.incrementAndGet();
          boolean active = read < 4;
          answer(
              exchange,
              200,
              "application/json",
              "{\"id\":7,\"status\":\""
                  + (active ? "RUNNING" : "COMPLETED")
                  + "\",\"active\":"
                  + active
                  + ",\"counts\":{\"total\":10,\"done\":"
                  + Math.min(10, read * 3)
                  + ",\"failed\":0,\"skipped\":0}}");
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void withoutALiveStreamTheWatcherPollsTheRunToItsEnd() {
    TestTerminal terminal = new TestTerminal(home);
    terminal.env.put("DARKROOM_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    terminal.env.put("DARKROOM_TOKEN", "drk_test");
    terminal.terminal = true;

    int exit = terminal.run("runs", "watch", "7");

    assertThat(exit).as(terminal.err()).isZero();
    assertThat(requests).contains("/api/runs/7/events");
    assertThat(statusReads.get())
        .as("polled until the run was no longer active")
        .isGreaterThanOrEqualTo(4);
    assertThat(terminal.err()).contains("no live events").contains("polling");
    assertThat(terminal.out() + terminal.err()).contains("COMPLETED");
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
