package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server, as its own JVM on the embedded defaults (embedded PostgreSQL, the Temporal CLI
 * dev server), killed with SIGKILL and started again on the same data directory: the second start
 * succeeds first time, and no process of the killed server (its PostgreSQL, its Temporal dev
 * server) is left running. Skipped, naming it, without the {@code temporal} CLI.
 */
class ServerKilledRestartTest {

  @TempDir Path dataDir;

  @Test
  void afterKill9TheServerStartsFirstTimeAndLeavesNoChildOfTheKilledOneRunning() throws Exception {
    assumeTrue(ChildServer.onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");

    // given a server that came up on a fresh data directory
    ChildServer first = ChildServer.startApplication(dataDir);
    List<ProcessHandle> children;
    try {
      first.awaitReady();
      // Its children, and the processes that name its data directory: PostgreSQL is started
      // through pg_ctl and so is no descendant of the JVM.
      children =
          first.processesOf(dataDir).stream().filter(p -> p.pid() != first.process.pid()).toList();
      assertThat(children.stream().map(ChildServer::describe))
          .as("its PostgreSQL and Temporal dev server")
          .anyMatch(line -> line.contains("postgres"))
          .anyMatch(line -> line.contains("temporal"));
    } catch (RuntimeException | Error e) {
      first.process.destroyForcibly();
      throw e;
    }

    // when it is killed with SIGKILL (no shutdown hook runs)
    first.kill();

    // then a new server on the same data directory starts first time
    ChildServer second = ChildServer.startApplication(dataDir);
    try {
      second.awaitReady();
      // and nothing of the killed server remains
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      assertThat(children.stream().filter(ProcessHandle::isAlive).map(ChildServer::describe))
          .as("processes of the killed server still running")
          .isEmpty();
      assertThat(second.output()).doesNotContain("Could not start the embedded PostgreSQL");
    } finally {
      second.stop();
    }
  }
}
