package dev.darkroom.core.db;

import dev.darkroom.core.process.OrphanProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a killed server leaves in {@code <data-dir>/postgres}: its PostgreSQL still running (started
 * by {@code pg_ctl}, it is not the JVM's child and outlives it), or, after a power cut, a {@code
 * postmaster.pid} whose pid now belongs to another program, which PostgreSQL then refuses to start
 * beside. Call {@link #cleanUp} while holding the data-directory lock: a postgres running on our
 * directory is then always a leftover.
 */
final class StalePostmaster {

  static final String PID_FILE = "postmaster.pid";
  private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

  private StalePostmaster() {}

  /**
   * Stops leftover postgres processes of {@code dir} and removes a stale {@code postmaster.pid}.
   *
   * @return what was found and done, one sentence each, for the log and for error messages
   */
  static List<String> cleanUp(Path dir, Duration grace) {
    List<String> done = new ArrayList<>();
    Path pidFile = dir.resolve(PID_FILE);
    Predicate<String> ours = runsOn(dir);
    OptionalLong recorded = OrphanProcesses.readPidFile(pidFile);
    List<ProcessHandle> leftovers = new ArrayList<>();
    if (recorded.isPresent()) {
      OrphanProcesses.alive(recorded.getAsLong(), ours).ifPresent(leftovers::add);
    }
    // The postmaster.pid may be gone while its postgres still runs: look for it by command line.
    for (ProcessHandle p : OrphanProcesses.find(ours)) {
      if (leftovers.stream().noneMatch(l -> l.pid() == p.pid())) {
        leftovers.add(p);
      }
    }
    for (ProcessHandle postmaster : leftovers) {
      String how = stop(postmaster, dir, grace);
      String sentence =
          "An earlier Darkroom was killed and left its PostgreSQL (pid "
              + postmaster.pid()
              + ") running on "
              + dir
              + "; "
              + how;
      log.warn(sentence);
      done.add(sentence);
    }
    if (Files.exists(pidFile)) {
      OptionalLong pid = OrphanProcesses.readPidFile(pidFile);
      boolean ownerAlive =
          pid.isPresent() && OrphanProcesses.alive(pid.getAsLong(), ours).isPresent();
      if (!ownerAlive) {
        try {
          Files.deleteIfExists(pidFile);
          String sentence =
              "Removed the stale "
                  + pidFile
                  + " of a PostgreSQL that is no longer running"
                  + (pid.isPresent() ? " (pid " + pid.getAsLong() + ")" : "")
                  + " (the earlier server was killed or the machine lost power)";
          log.info(sentence);
          done.add(sentence);
        } catch (IOException e) {
          log.warn("Could not remove the stale {}: {}", pidFile, e.getMessage());
        }
      }
    }
    return done;
  }

  /** A postgres server process whose command line names {@code dir}. */
  static Predicate<String> runsOn(Path dir) {
    String path = dir.toString();
    return commandLine -> {
      String executable = commandLine.split(" ", 2)[0];
      return (executable.endsWith("/postgres") || executable.equals("postgres"))
          && (commandLine.contains(" " + path + " ") || commandLine.endsWith(" " + path));
    };
  }

  /** {@code pg_ctl stop -m fast} beside the leftover's binary, else SIGTERM then SIGKILL. */
  private static String stop(ProcessHandle postmaster, Path dir, Duration grace) {
    Optional<Path> pgCtl =
        postmaster
            .info()
            .command()
            .map(Path::of)
            .map(binary -> binary.resolveSibling("pg_ctl"))
            .filter(Files::isExecutable);
    if (pgCtl.isPresent()) {
      try {
        Process stop =
            new ProcessBuilder(
                    pgCtl.get().toString(),
                    "-D",
                    dir.toString(),
                    "stop",
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    Long.toString(Math.max(1, grace.toSeconds())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (stop.waitFor(grace.toSeconds() + 5, TimeUnit.SECONDS)
            && OrphanProcesses.awaitExit(postmaster, Duration.ofSeconds(5))) {
          return "stopped it (pg_ctl stop -m fast)";
        }
        stop.destroyForcibly();
      } catch (IOException e) {
        log.debug("pg_ctl stop failed; signalling instead", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    boolean killed = OrphanProcesses.stop(postmaster, grace);
    return killed
        ? "it did not stop within " + grace.toSeconds() + " s of SIGTERM and was killed"
        : "stopped it (SIGTERM)";
  }
}
