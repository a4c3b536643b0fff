package dev.darkroom.core.process;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and stops processes left behind by a server that was killed. Only call this while holding
 * the {@link DataDirectoryLock}: then every match is a leftover, never a live server's child. A
 * process is only ever identified by its command line (which must name this data directory), never
 * by a pid alone, since pids are reused after a reboot.
 */
public final class OrphanProcesses {

  private static final Logger log = LoggerFactory.getLogger(OrphanProcesses.class);

  private OrphanProcesses() {}

  /** The process's full command line, or empty when the OS does not tell (another user's). */
  public static Optional<String> commandLine(ProcessHandle process) {
    ProcessHandle.Info info = process.info();
    Optional<String> command = info.command();
    if (command.isEmpty()) {
      return info.commandLine();
    }
    return Optional.of(
        command.get() + info.arguments().map(args -> " " + String.join(" ", args)).orElse(""));
  }

  /** Live processes other than this JVM whose command line satisfies {@code matches}. */
  public static List<ProcessHandle> find(Predicate<String> matches) {
    long self = ProcessHandle.current().pid();
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(p -> p.pid() != self)
          .filter(p -> commandLine(p).filter(matches).isPresent())
          .toList();
    }
  }

  /** The live process with this pid if its command line satisfies {@code matches}. */
  public static Optional<ProcessHandle> alive(long pid, Predicate<String> matches) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).filter(matches).isPresent());
  }

  /**
   * Stops a process and its descendants: SIGTERM, then SIGKILL for whatever still runs after {@code
   * grace}.
   *
   * @return true if it had to be killed
   */
  public static boolean stop(ProcessHandle process, Duration grace) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    boolean killed = !awaitExit(process, grace);
    if (killed) {
      process.destroyForcibly();
      awaitExit(process, Duration.ofSeconds(5));
    }
    for (ProcessHandle child : descendants) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    return killed;
  }

  /** Waits until the process has exited; true if it did within {@code timeout}. */
  public static boolean awaitExit(ProcessHandle process, Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** Records a child's pid, so the next start can find it if this JVM is killed. */
  public static void writePidFile(Path file, long pid) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, pid + "\n", UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the pid file " + file, e);
    }
  }

  /** The pid recorded in {@code file}, if it exists and holds one. */
  public static OptionalLong readPidFile(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return OptionalLong.empty();
      }
      String first = Files.readAllLines(file, UTF_8).stream().findFirst().orElse("").trim();
      return OptionalLong.of(Long.parseLong(first));
    } catch (IOException | NumberFormatException e) {
      log.warn("Ignoring unreadable pid file {}: {}", file, e.getMessage());
      return OptionalLong.empty();
    }
  }

  /** Deletes a pid file; a missing one is fine. */
  public static void deletePidFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete the pid file {}: {}", file, e.getMessage());
    }
  }
}
