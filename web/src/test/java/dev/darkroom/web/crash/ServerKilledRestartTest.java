package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.web.DarkroomApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server, as its own JVM on the embedded defaults (embedded PostgreSQL, the Temporal CLI
 * dev server), killed with SIGKILL and started again on the same data directory: the second start
 * succeeds first time, and no process of the killed server (its PostgreSQL, its Temporal dev
 * server) is left running. Skipped, naming it, without the {@code temporal} CLI.
 */
class ServerKilledRestartTest {

  private static final Pattern READY = Pattern.compile("Darkroom ready: (http://\\S+)");
  private static final Duration START_LIMIT = Duration.ofMinutes(3);

  @TempDir Path dataDir;

  @Test
  void afterKill9TheServerStartsFirstTimeAndLeavesNoChildOfTheKilledOneRunning() throws Exception {
    assumeTrue(onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");

    // given a server that came up on a fresh data directory
    Server first = Server.start(dataDir);
    List<ProcessHandle> children;
    try {
      first.awaitReady();
      // Its children, and the processes that name its data directory: PostgreSQL is started
      // through pg_ctl and so is no descendant of the JVM.
      String dir = dataDir.toString();
      children =
          Stream.concat(
                  first.process.descendants(),
                  ProcessHandle.allProcesses()
                      .filter(p -> p.pid() != first.process.pid())
                      .filter(p -> p.info().commandLine().orElse("").contains(dir)))
              .distinct()
              .toList();
      assertThat(children.stream().map(Server::describe))
          .as("its PostgreSQL and Temporal dev server")
          .anyMatch(line -> line.contains("postgres"))
          .anyMatch(line -> line.contains("temporal"));
    } catch (RuntimeException | Error e) {
      first.process.destroyForcibly();
      throw e;
    }

    // when it is killed with SIGKILL (no shutdown hook runs)
    first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(first.process.isAlive()).isFalse();

    // then a new server on the same data directory starts first time
    Server second = Server.start(dataDir);
    try {
      second.awaitReady();
      // and nothing of the killed server remains
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      assertThat(children.stream().filter(ProcessHandle::isAlive).map(Server::describe))
          .as("processes of the killed server still running")
          .isEmpty();
      assertThat(second.output()).doesNotContain("Could not start the embedded PostgreSQL");
    } finally {
      second.process.destroy();
      if (!second.process.waitFor(60, TimeUnit.SECONDS)) {
        second.process.destroyForcibly();
      }
      second.process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  /** The server application in a child JVM with this test's class path. */
  private static final class Server {
    final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();

    private Server(Process process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                      lines.add(line);
                    }
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                      ready.complete(m.group(1));
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
                ready.completeExceptionally(
                    new AssertionError("the server ended before it was ready:\n" + outputOf()));
              },
              "server-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Server start(Path dataDir) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
              java,
              "-Xmx512m",
              "-cp",
              System.getProperty("java.class.path"),
              DarkroomApplication.class.getName(),
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--darkroom.data-dir=" + dataDir,
              "--darkroom.temporal.ui=false");
      builder.redirectErrorStream(true);
      builder.environment().put("LC_ALL", "C.UTF-8");
      return new Server(builder.start());
    }

    void awaitReady() throws Exception {
      try {
        ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("not ready within " + START_LIMIT + ":\n" + output(), e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw (Exception) e.getCause();
      }
    }

    String output() {
      return outputOf();
    }

    private String outputOf() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    static String describe(ProcessHandle handle) {
      return handle.pid() + " " + handle.info().commandLine().orElse("?");
    }
  }
}
