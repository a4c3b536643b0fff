package dev.darkroom.orchestrator.temporal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.darkroom.core.process.ChildProcesses;
import dev.darkroom.core.process.OrphanProcesses;
import dev.darkroom.orchestrator.temporal.TemporalDevServerException.Reason;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code temporal server start-dev} child process on 127.0.0.1 and a free port. With a database
 * file its workflows survive a restart; without one they live in memory. {@link #close()} stops the
 * process and its children; a JVM shutdown hook does the same if nobody calls it.
 */
public final class TemporalDevServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TemporalDevServer.class);
  private static final String HOST = "127.0.0.1";
  private static final int LOG_TAIL_LINES = 20;
  // The chance that a probed free port is taken before the server binds it is small, not zero.
  private static final int PORT_ATTEMPTS = 3;

  /** Where the dev server is in its life; see {@link #state()}. */
  public enum State {
    /** Started and answering (as far as its process is alive). */
    RUNNING,
    /** Its process died and the supervisor is starting it again on the same port and file. */
    RESTARTING,
    /** Closed, or died unsupervised. */
    STOPPED
  }

  private volatile Process process;
  private volatile State state = State.RUNNING;
  private volatile boolean closing;
  private final List<String> command;
  private final String namespace;
  private final int port;
  private final @Nullable Integer uiPort;
  private final @Nullable Path dbFile;
  private final Path logFile;
  private final @Nullable Path pidFile;
  private final boolean supervised;
  private final Duration startupTimeout;
  private final AtomicInteger restarts = new AtomicInteger();
  private final @Nullable Thread shutdownHook;

  private TemporalDevServer(
      Process process,
      List<String> command,
      Builder options,
      int port,
      @Nullable Integer uiPort,
      Path logFile) {
    this.process = process;
    this.command = List.copyOf(command);
    this.namespace = options.namespace;
    this.port = port;
    this.uiPort = uiPort;
    this.dbFile = options.dbFile;
    this.logFile = logFile;
    this.pidFile = options.dbFile == null ? null : pidFileFor(options.dbFile);
    this.supervised = options.supervised;
    this.startupTimeout = options.startupTimeout;
    this.shutdownHook =
        options.stopOnJvmExit
            ? new Thread(this::stopProcess, "temporal-dev-server-stop-" + port)
            : null;
  }

  /** {@code temporal.pid} beside the SQLite file: the next start finds a leftover by it. */
  static Path pidFileFor(Path dbFile) {
    return dbFile.toAbsolutePath().resolveSibling("temporal.pid");
  }

  public static Builder builder(Path cli) {
    return new Builder(cli);
  }

  /** The frontend's gRPC address, {@code 127.0.0.1:port}. */
  public String target() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  /** The Web UI's address, empty when started headless. */
  public Optional<String> uiUrl() {
    return uiPort == null ? Optional.empty() : Optional.of("http://" + HOST + ":" + uiPort);
  }

  /** The SQLite file, empty when the server keeps everything in memory. */
  public Optional<Path> dbFile() {
    return Optional.ofNullable(dbFile);
  }

  public Path logFile() {
    return logFile;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Running, restarting after its process died, or stopped. */
  public State state() {
    return state;
  }

  /** How often the supervisor has started it again since it was first started. */
  public int restarts() {
    return restarts.get();
  }

  /**
   * Whether the server is up and its frontend port accepts connections right now; cheap enough to
   * call per request (a local TCP connect). A health indicator and the API's fast 503 use it.
   */
  public boolean reachable() {
    if (state != State.RUNNING || !process.isAlive()) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the server and its children; waits for a clean exit so the SQLite file is consistent. */
  @Override
  public void close() {
    closing = true;
    stopProcess();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running or about to; it stops an already stopped process, which is harmless.
      }
    }
  }

  private synchronized void stopProcess() {
    closing = true;
    state = State.STOPPED;
    Process process = this.process;
    if (!process.isAlive()) {
      deletePidFile();
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy(); // SIGTERM: the dev server shuts down cleanly and closes its SQLite file
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        log.warn("Temporal dev server {} did not stop in 15 s; killing it", target());
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    deletePidFile();
    log.info("Stopped Temporal dev server {}", target());
  }

  private void deletePidFile() {
    if (pidFile != null) {
      OrphanProcesses.deletePidFile(pidFile);
    }
  }

  /** Called when the process exits: unless we are closing, the supervisor starts it again. */
  private void onExit(Process exited) {
    if (closing || exited != process) {
      return;
    }
    if (!supervised) {
      state = State.STOPPED;
      log.error(
          "Temporal dev server {} exited with code {}; runs stop until Darkroom is restarted"
              + " (its log is {})",
          target(),
          exited.exitValue(),
          logFile);
      return;
    }
    state = State.RESTARTING;
    log.warn(
        "Temporal dev server {} exited with code {}; starting it again on the same port and"
            + " database file (its log is {})",
        target(),
        exited.exitValue(),
        logFile);
    Thread restarter = new Thread(this::restart, "temporal-dev-server-restart-" + port);
    restarter.setDaemon(true);
    restarter.start();
  }

  private void restart() {
    long backoffMillis = 500;
    for (int attempt = 1; !closing; attempt++) {
      long logOffset = size(logFile);
      try {
        Process next = launch(command, logFile);
        synchronized (this) {
          if (closing) {
            next.destroy();
            return;
          }
          process = next;
        }
        awaitReady(this, namespace, startupTimeout, logOffset);
        writePidFile();
        restarts.incrementAndGet();
        state = State.RUNNING;
        log.info(
            "Temporal dev server {} is running again (restart {}, attempt {}); workers reconnect",
            target(),
            restarts.get(),
            attempt);
        next.onExit().thenAccept(this::onExit);
        if (!next.isAlive()) {
          onExit(next);
        }
        return;
      } catch (RuntimeException e) {
        if (closing) {
          return;
        }
        Process failed = process;
        if (failed.isAlive()) {
          failed.destroyForcibly();
        }
        log.warn(
            "Restarting Temporal dev server {} failed (attempt {}): {}; retrying in {} ms",
            target(),
            attempt,
            e.getMessage(),
            backoffMillis);
        try {
          Thread.sleep(backoffMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 10_000);
      }
    }
  }

  private void writePidFile() {
    if (pidFile != null) {
      OrphanProcesses.writePidFile(pidFile, process.pid());
    }
  }

  /**
   * Stops dev servers left running on this database file by an earlier Darkroom that was killed:
   * the one recorded in the pid file and any other whose command line names the file. Call only
   * while holding the data-directory lock.
   *
   * @return one sentence per process stopped
   */
  static List<String> stopLeftovers(Path dbFile) {
    String db = dbFile.toAbsolutePath().toString();
    Predicate<String> ours =
        commandLine ->
            commandLine.contains(" start-dev ")
                && commandLine.contains("--db-filename " + db)
                && (commandLine.endsWith(" " + db) || commandLine.contains(" " + db + " "));
    Path pidFile = pidFileFor(dbFile);
    List<ProcessHandle> leftovers = new ArrayList<>();
    OptionalLong recorded = OrphanProcesses.readPidFile(pidFile);
    if (recorded.isPresent()) {
      OrphanProcesses.alive(recorded.getAsLong(), ours).ifPresent(leftovers::add);
    }
    for (ProcessHandle p : OrphanProcesses.find(ours)) {
      if (leftovers.stream().noneMatch(l -> l.pid() == p.pid())) {
        leftovers.add(p);
      }
    }
    List<String> done = new ArrayList<>();
    for (ProcessHandle leftover : leftovers) {
      boolean killed = OrphanProcesses.stop(leftover, Duration.ofSeconds(15));
      String sentence =
          "An earlier Darkroom was killed and left its Temporal dev server (pid "
              + leftover.pid()
              + ") running on "
              + db
              + "; "
              + (killed ? "it did not stop within 15 s and was killed" : "stopped it");
      log.warn(sentence);
      done.add(sentence);
    }
    OrphanProcesses.deletePidFile(pidFile);
    return done;
  }

  /** Options for one dev server; {@link #start()} launches it and waits until it answers. */
  public static final class Builder {
    private final Path cli;
    private @Nullable Path dbFile;
    private @Nullable Path logFile;
    private String namespace = "default";
    private boolean ui;
    private @Nullable Integer uiPort;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private boolean supervised;
    private boolean stopOnJvmExit = true;
    private boolean stopLeftovers;

    private Builder(Path cli) {
      this.cli = cli;
    }

    /** Persist to this SQLite file (created with its parent directories); unset means memory. */
    public Builder dbFile(@Nullable Path dbFile) {
      this.dbFile = dbFile;
      return this;
    }

    /** Where the server's output goes (appended); default {@code temporal.log} beside the db. */
    public Builder logFile(@Nullable Path logFile) {
      this.logFile = logFile;
      return this;
    }

    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    /** Serve the Web UI on this port, or on a free one when {@code port} is null. */
    public Builder ui(@Nullable Integer port) {
      this.ui = true;
      this.uiPort = port;
      return this;
    }

    public Builder headless() {
      this.ui = false;
      this.uiPort = null;
      return this;
    }

    public Builder startupTimeout(Duration startupTimeout) {
      this.startupTimeout = startupTimeout;
      return this;
    }

    /** Start the server again, on the same port and file, whenever its process dies. */
    public Builder supervised(boolean supervised) {
      this.supervised = supervised;
      return this;
    }

    /**
     * Stop it from a JVM shutdown hook (default). Turn off when its owner (a Spring context) stops
     * it in order: a hook runs at the same time as the context's, so the server would go before the
     * workers that still talk to it.
     */
    public Builder stopOnJvmExit(boolean stopOnJvmExit) {
      this.stopOnJvmExit = stopOnJvmExit;
      return this;
    }

    /**
     * Before starting, stop dev servers an earlier, killed owner left running on the same database
     * file (found by the pid file beside it and by command line). Only with the data-directory lock
     * held.
     */
    public Builder stopLeftovers(boolean stopLeftovers) {
      this.stopLeftovers = stopLeftovers;
      return this;
    }

    /**
     * Launches the server and returns once its frontend answers for the namespace.
     *
     * @throws TemporalDevServerException when it cannot be launched, exits early or is not ready
     *     within the start-up timeout
     */
    public TemporalDevServer start() {
      Path log = resolveLogFile();
      if (stopLeftovers && dbFile != null) {
        TemporalDevServer.stopLeftovers(dbFile);
      }
      for (int attempt = 1; ; attempt++) {
        int port = freePort();
        Integer chosenUiPort = ui ? (uiPort != null ? uiPort : freePort()) : null;
        try {
          return startOnce(log, port, chosenUiPort);
        } catch (TemporalDevServerException e) {
          boolean portClash =
              e.reason() == Reason.EXITED_EARLY
                  && e.logTail().stream().anyMatch(l -> l.contains("address already in use"));
          if (!portClash || attempt >= PORT_ATTEMPTS) {
            throw e;
          }
          TemporalDevServer.log.info("Port {} was taken meanwhile; trying another", port);
        }
      }
    }

    private TemporalDevServer startOnce(Path log, int port, @Nullable Integer chosenUiPort) {
      List<String> command = new ArrayList<>();
      command.addAll(List.of(cli.toString(), "server", "start-dev"));
      command.addAll(List.of("--ip", HOST, "--port", Integer.toString(port)));
      command.addAll(List.of("--namespace", namespace));
      if (dbFile != null) {
        command.addAll(List.of("--db-filename", dbFile.toAbsolutePath().toString()));
      }
      if (chosenUiPort != null) {
        command.addAll(List.of("--ui-ip", HOST, "--ui-port", chosenUiPort.toString()));
        command.add("--ui-disable-news-fetch");
      } else {
        command.add("--headless");
      }
      long logOffset = size(log);
      long started = System.nanoTime();
      Process process = launch(command, log);
      TemporalDevServer server =
          new TemporalDevServer(process, command, this, port, chosenUiPort, log);
      if (server.shutdownHook != null) {
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
      }
      try {
        awaitReady(server, namespace, startupTimeout, logOffset);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      server.writePidFile();
      process.onExit().thenAccept(server::onExit);
      TemporalDevServer.log.info(
          "Temporal dev server ready at {} in {} ms (db: {}, ui: {}, log: {})",
          server.target(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          dbFile == null ? "in memory" : dbFile,
          server.uiUrl().orElse("off"),
          log);
      return server;
    }

    private Path resolveLogFile() {
      Path log = logFile;
      if (log == null) {
        log =
            dbFile != null
                ? dbFile.toAbsolutePath().resolveSibling("temporal.log")
                : Path.of(System.getProperty("java.io.tmpdir"), "darkroom-temporal.log");
      }
      try {
        Files.createDirectories(log.toAbsolutePath().getParent());
        if (dbFile != null) {
          Files.createDirectories(dbFile.toAbsolutePath().getParent());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the directory of " + log, e);
      }
      return log;
    }
  }

  private static void awaitReady(
      TemporalDevServer server, String namespace, Duration startupTimeout, long logOffset) {
    String cli = server.command.get(0);
    Path log = server.logFile;
    long deadline = System.nanoTime() + startupTimeout.toNanos();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
    try {
      DescribeNamespaceRequest request =
          DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build();
      RuntimeException lastFailure = null;
      while (System.nanoTime() < deadline) {
        if (!server.process.isAlive()) {
          throw new TemporalDevServerException(
              Reason.EXITED_EARLY,
              "The Temporal dev server ("
                  + cli
                  + ") exited with code "
                  + server.process.exitValue()
                  + " before it was ready; its log is "
                  + log,
              tail(log, logOffset),
              null);
        }
        try {
          // Answers once the frontend is up and the namespace is registered.
          stubs.blockingStub().withDeadlineAfter(1, TimeUnit.SECONDS).describeNamespace(request);
          return;
        } catch (RuntimeException notYet) {
          lastFailure = notYet;
          sleep(100);
        }
      }
      throw new TemporalDevServerException(
          Reason.NOT_READY_IN_TIME,
          "The Temporal dev server ("
              + cli
              + ") did not answer at "
              + server.target()
              + " within "
              + startupTimeout.toSeconds()
              + " s (raise darkroom.temporal.startup-timeout if the machine is slow); its log is "
              + log,
          tail(log, logOffset),
          lastFailure);
    } finally {
      stubs.shutdownNow();
    }
  }

  /** Starts the command as a child that dies with this JVM where the OS allows it. */
  private static Process launch(List<String> command, Path log) {
    // Behind the setpriv wrapper a missing binary would only show as an early exit: check first.
    Path cli = Path.of(command.get(0));
    if (!Files.isRegularFile(cli) || !Files.isExecutable(cli)) {
      throw new TemporalDevServerException(
          Reason.CANNOT_LAUNCH,
          "Cannot launch the Temporal CLI at " + cli + ": no such executable file",
          List.of(),
          null);
    }
    try {
      return ChildProcesses.start(
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
    } catch (IOException e) {
      throw new TemporalDevServerException(
          Reason.CANNOT_LAUNCH,
          "Cannot launch the Temporal CLI at " + command.get(0) + ": " + e.getMessage(),
          List.of(),
          e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last lines written to {@code file} after {@code offset}: this start's output only. */
  static List<String> tail(Path file, long offset) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      // A long log's tail is in its last 64 KiB; earlier bytes belong to lines we drop anyway.
      long from = Math.max(offset, length - 64 * 1024);
      byte[] bytes = new byte[(int) (length - from)];
      raf.seek(from);
      raf.readFully(bytes);
      Deque<String> lines = new ArrayDeque<>();
      for (String line : new String(bytes, UTF_8).split("\\R")) {
        if (line.isBlank()) {
          continue;
        }
        lines.addLast(line);
        if (lines.size() > LOG_TAIL_LINES) {
          lines.removeFirst();
        }
      }
      return List.copyOf(lines);
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Temporal dev server", e);
    }
  }
}
