package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CrashTestServer} as a child JVM with this test's class path, on the embedded defaults
 * (embedded PostgreSQL and the Temporal CLI dev server under its data directory), and a small
 * client of its API with the operator token it wrote.
 */
final class ChildServer {

  static final Duration START_LIMIT = Duration.ofMinutes(4);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final Process process;
  private final Path tokenFile;
  private final List<String> lines = new ArrayList<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String url = "";
  private String token = "";

  private ChildServer(Process process, Path tokenFile) {
    this.process = process;
    this.tokenFile = tokenFile;
    Thread reader = new Thread(this::readOutput, "child-server-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the server on {@code dataDir}; {@code extraArgs} are more {@code --property=value}
   * arguments.
   */
  static ChildServer start(Path work, Path dataDir, long paceMillis, List<String> extraArgs)
      throws IOException {
    Path tokenFile = work.resolve("token-" + System.nanoTime());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-Xmx512m",
            "-XX:TieredStopAtLevel=1",
            "-Ddarkroom.test.invocations=" + work.resolve("invocations.log"),
            "-Ddarkroom.test.pace-millis=" + paceMillis,
            "-Ddarkroom.test.token-file=" + tokenFile,
            "-cp",
            System.getProperty("java.class.path"),
            CrashTestServer.class.getName(),
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--darkroom.data-dir=" + dataDir,
            "--darkroom.temporal.ui=false"));
    command.addAll(extraArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C.UTF-8");
    return new ChildServer(builder.start(), tokenFile);
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (lines) {
          lines.add(line);
        }
        int at = line.indexOf(CrashTestServer.READY);
        if (at >= 0) {
          ready.complete(line.substring(at + CrashTestServer.READY.length()).trim());
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    ready.completeExceptionally(
        new AssertionError("the server ended before it was ready:\n" + output()));
  }

  /** Waits until the server answers; fails with its output if it ends or takes too long. */
  ChildServer awaitReady() throws Exception {
    try {
      url = ready.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("not ready within " + START_LIMIT + ":\n" + output(), e);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
    token = Files.readString(tokenFile).trim();
    return this;
  }

  String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Its descendants and every other process naming {@code dataDir} (PostgreSQL is no child). */
  List<ProcessHandle> processesOf(Path dataDir) {
    String dir = dataDir.toString();
    return Stream.concat(
            Stream.concat(Stream.of(process.toHandle()), process.descendants()),
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(dir)))
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .distinct()
        .toList();
  }

  /** SIGKILL: no shutdown hook, no Spring shutdown. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertThat(process.isAlive()).as("the killed server").isFalse();
  }

  /** A polite stop for the end of a test (SIGTERM, then SIGKILL). */
  void stop() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        request(path).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return http.send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static JsonNode json(String body) {
    return JSON.readTree(body);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json, application/problem+json");
  }

  static String describe(ProcessHandle handle) {
    return handle.pid() + " " + handle.info().commandLine().orElse("?");
  }
}
