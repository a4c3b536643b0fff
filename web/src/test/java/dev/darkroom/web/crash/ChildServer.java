package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.testing.PacedTool.RecordedCall;
import dev.darkroom.web.DarkroomApplication;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CrashTestServer} (or the shipped application) as a child JVM with this test's class path,
 * on the embedded defaults (embedded PostgreSQL and the Temporal CLI dev server under its data
 * directory), and a small client of its API with the operator token it wrote: the one harness of
 * the crash tests.
 */
final class ChildServer {

  static final Duration START_LIMIT = Duration.ofMinutes(4);
  static final String INVOCATIONS = "invocations.log";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final Process process;
  private final @Nullable Path tokenFile;
  private final Pattern readyLine;
  private final List<String> lines = new ArrayList<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String url = "";
  private String token = "";

  private ChildServer(Process process, @Nullable Path tokenFile, Pattern readyLine) {
    this.process = process;
    this.tokenFile = tokenFile;
    this.readyLine = readyLine;
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
            "-Ddarkroom.test.invocations=" + work.resolve(INVOCATIONS),
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
    return new ChildServer(
        builder.start(),
        tokenFile,
        Pattern.compile(Pattern.quote(CrashTestServer.READY) + "(\\S+)"));
  }

  /**
   * The shipped {@link DarkroomApplication} itself on {@code dataDir}, as a user starts it: no test
   * pipeline, no token; ready when it logs its URL.
   */
  static ChildServer startApplication(Path dataDir) throws IOException {
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
    return new ChildServer(builder.start(), null, Pattern.compile("Darkroom ready: (http://\\S+)"));
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
        Matcher m = readyLine.matcher(line);
        if (m.find()) {
          ready.complete(m.group(1));
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
    if (tokenFile != null) {
      token = Files.readString(tokenFile).trim();
    }
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

  // What the crash tests do with a server, once: start a scan or a run, read a run, wait.

  /** A production run of the recorded pipeline over every asset. */
  static final String RECORDED_RUN =
      """
      {"pipeline": "%s", "scope": {"all": true}, "policy": {"kind": "PRODUCTION"}}
      """
          .formatted(CrashTestServer.RECORDED_TOOL);

  /** A condition polled against the server; its exceptions fail the test. */
  @FunctionalInterface
  interface Probe {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} until it holds; fails with the server's output after {@code limit}. */
  void await(Probe condition, String what, Duration limit) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.holds()) {
      assertThat(Instant.now()).as("waiting for %s:%n%s", what, output()).isBefore(deadline);
      Thread.sleep(250);
    }
  }

  /** Scans the archive and waits until the scan completed. */
  void scan(Duration limit) throws Exception {
    HttpResponse<String> started = post("/api/scans", "{}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    long scanId = json(started.body()).path("id").asLong();
    await(
        () -> Set.of("COMPLETED", "FAILED", "STOPPED").contains(scanStatus(scanId)),
        "scan " + scanId + " to end",
        limit);
    assertThat(scanStatus(scanId)).isEqualTo("COMPLETED");
  }

  private String scanStatus(long scanId) throws Exception {
    return getJson("/api/scans/" + scanId).path("status").asString();
  }

  /** Starts a run of the recorded pipeline; returns its id. */
  long startRecordedRun() throws Exception {
    HttpResponse<String> started = post("/api/runs", RECORDED_RUN);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return json(started.body()).path("id").asLong();
  }

  JsonNode run(long runId) throws Exception {
    return getJson("/api/runs/" + runId);
  }

  /** Units of the run done, failed or skipped. */
  static long finished(JsonNode run) {
    JsonNode counts = run.path("counts");
    return counts.path("done").asLong()
        + counts.path("failed").asLong()
        + counts.path("skipped").asLong();
  }

  long finished(long runId) throws Exception {
    return finished(run(runId));
  }

  /** Waits until the run is no longer active; returns it as it ended. */
  JsonNode awaitEnd(long runId, Duration limit) throws Exception {
    await(() -> !run(runId).path("active").asBoolean(true), "run " + runId + " to end", limit);
    return run(runId);
  }

  /** The status of the server's Temporal health component: UP or DOWN. */
  String temporalHealth() throws Exception {
    return json(get("/actuator/health").body())
        .path("components")
        .path("temporal")
        .path("status")
        .asString();
  }

  /**
   * A run mutation refused because Temporal cannot be reached: a 503 problem saying when to try
   * again, answered well before the client's minute of retries (this client's request timeout is 60
   * s, the server's own bound is darkroom.temporal.call-timeout, 5 s).
   */
  static JsonNode assertTemporalUnavailable(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response.body());
    assertThat(problem.path("type").asString()).endsWith("/temporal-unavailable");
    assertThat(problem.path("status").asInt()).isEqualTo(503);
    return problem;
  }

  /** The recorded tool's calls by every server that ran in {@code work}, in order. */
  static List<RecordedCall> invocations(Path work) {
    return PacedTool.recordedCalls(work.resolve(INVOCATIONS));
  }

  /** The supervised Temporal dev server under this server (alive), or a failed assertion. */
  ProcessHandle devServer() {
    return process
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("start-dev"))
        .filter(ProcessHandle::isAlive)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dev server under the server:\n" + output()));
  }

  /** Sends {@code kill -<signal>} to a process and checks it was delivered. */
  static void signal(String signal, ProcessHandle target) throws Exception {
    int exit =
        new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid()))
            .inheritIO()
            .start()
            .waitFor();
    assertThat(exit).as("kill -%s %d", signal, target.pid()).isZero();
  }

  static boolean onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }
}
