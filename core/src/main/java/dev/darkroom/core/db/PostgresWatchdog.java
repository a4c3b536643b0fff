package dev.darkroom.core.db;

import dev.darkroom.core.process.OrphanProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded PostgreSQL when the server JVM dies, {@code kill -9} included. {@code pg_ctl}
 * detaches postgres from the JVM, so no signal reaches it when the JVM goes; instead a tiny shell
 * child blocks reading its stdin, a pipe whose only writer is this JVM. The kernel closes the pipe
 * when the JVM dies, however it dies; the read returns end-of-file and the shell runs {@code pg_ctl
 * stop -m fast}. No pid is trusted, so nothing else can be stopped by mistake. On a normal shutdown
 * the watchdog is ended first and the server is stopped in order.
 */
final class PostgresWatchdog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PostgresWatchdog.class);
  private static final Path SH = Path.of("/bin/sh");
  private static final String SCRIPT =
      "while read -r _; do :; done; exec \"$0\" -D \"$1\" stop -m fast -w -t 30";

  private final @Nullable Process shell;

  private PostgresWatchdog(@Nullable Process shell) {
    this.shell = shell;
  }

  /** Starts a watchdog for the postgres running on {@code dir}; a no-op where there is no sh. */
  static PostgresWatchdog start(Path dir) {
    Optional<Path> pgCtl = pgCtl(dir);
    if (pgCtl.isEmpty() || !Files.isExecutable(SH)) {
      log.info(
          "No PostgreSQL watchdog here (no pg_ctl or /bin/sh); a leftover PostgreSQL of a killed"
              + " server is stopped at the next start");
      return new PostgresWatchdog(null);
    }
    try {
      Process shell =
          new ProcessBuilder(SH.toString(), "-c", SCRIPT, pgCtl.get().toString(), dir.toString())
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return new PostgresWatchdog(shell);
    } catch (IOException e) {
      log.warn("Could not start the PostgreSQL watchdog: {}", e.getMessage());
      return new PostgresWatchdog(null);
    }
  }

  private static Optional<Path> pgCtl(Path dir) {
    OptionalLong pid = OrphanProcesses.readPidFile(dir.resolve(StalePostmaster.PID_FILE));
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid.getAsLong())
        .flatMap(p -> p.info().command())
        .map(command -> Path.of(command).resolveSibling("pg_ctl"))
        .filter(Files::isExecutable);
  }

  @Override
  public void close() {
    if (shell != null) {
      shell.destroy();
    }
  }
}
