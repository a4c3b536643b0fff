package dev.darkroom.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts child processes that die with the server JVM where the operating system allows it.
 *
 * <p>On Linux with util-linux's {@code setpriv} the child gets {@code PR_SET_PDEATHSIG=SIGTERM}:
 * the kernel sends it SIGTERM when its parent dies, {@code kill -9} included. The "parent" of that
 * rule is the thread that forked the child, so every child is started from one long-lived thread of
 * this class, never from a request or pool thread that may end. With {@code setsid} the child also
 * gets its own session, so a Ctrl-C at the terminal reaches only the JVM, which then stops its
 * workers before its children. Elsewhere children are started as they are; the pid-file sweep at
 * the next start ({@link OrphanProcesses}) is the safety net on every platform.
 */
public final class ChildProcesses {

  private static final Logger log = LoggerFactory.getLogger(ChildProcesses.class);
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private static final ExecutorService SPAWNER =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "darkroom-child-spawner");
            thread.setDaemon(true);
            return thread;
          });

  private ChildProcesses() {}

  /**
   * Starts {@code builder}'s command as a child that is sent SIGTERM when this JVM dies (where
   * supported). The process id is the command's own: the wrappers replace themselves by {@code
   * exec}.
   */
  public static Process start(ProcessBuilder builder) throws IOException {
    List<String> command = new ArrayList<>(wrapper());
    command.addAll(builder.command());
    ProcessBuilder wrapped = builder.command(command);
    Future<Process> started = SPAWNER.submit(wrapped::start);
    try {
      return started.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("Could not start " + command, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while starting " + command, e);
    }
  }

  /** Whether children are tied to this JVM's life by the kernel here. */
  public static boolean diesWithParent() {
    return !wrapper().isEmpty();
  }

  private static List<String> wrapper() {
    return Wrapper.COMMAND;
  }

  private static final class Wrapper {
    static final List<String> COMMAND = detect();

    private static List<String> detect() {
      if (!System.getProperty("os.name", "").toLowerCase().contains("linux")
          || !Files.isExecutable(SETPRIV)) {
        log.info(
            "Child processes are not tied to this JVM by the kernel here (no {}); leftovers of a"
                + " killed server are stopped at the next start",
            SETPRIV);
        return List.of();
      }
      List<String> command = new ArrayList<>(List.of(SETPRIV.toString(), "--pdeathsig", "TERM"));
      if (Files.isExecutable(SETSID)) {
        command.add(SETSID.toString());
      }
      command.add("--");
      return List.copyOf(command);
    }
  }
}
