package dev.darkroom.bench.server;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.bench.runs.JpegSet;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The server as a user meets it (issue 10): the real server jar with the heap options {@code
 * ./darkroom} gives it, the product's defaults otherwise, on PostgreSQL with the product's
 * durability settings. Two figures:
 *
 * <ul>
 *   <li>first artifact: from {@code POST /api/runs} (an {@code images-basic} sandbox run over the
 *       generated sample archive of {@code ./darkroom main-job}) to the first committed artifact
 *       row, polled every 5 ms; R runs, every one printed, the median against the target (1 s);
 *   <li>memory: the server JVM's peak RSS ({@code VmHWM}) over a run of N generated JPEGs (default
 *       10,000), beside the target (1 GB); partitions run in the server's heap (the in-process
 *       launcher), so the heap limit bounds them too.
 * </ul>
 *
 * <p>Usage: {@code ServerRunBenchmark [--assets N] [--repeat R]}.
 */
public final class ServerRunBenchmark {

  static final double TARGET_FIRST_ARTIFACT_SECONDS = 1.0;
  static final long TARGET_RSS_BYTES = 1L << 30;
  private static final String PASSWORD = "bench-admin-password";
  private static final Pattern META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
  private static final Pattern FORM_CSRF =
      Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

  private ServerRunBenchmark() {}

  public static void main(String[] args) throws Exception {
    int assets = intArg(args, "--assets", 10_000);
    int repeat = Math.max(1, intArg(args, "--repeat", 3));
    Path repo = Path.of(System.getProperty("darkroom.repo", ".")).toAbsolutePath().normalize();
    Path jar = repo.resolve("web/target/darkroom.jar");
    List<String> heap = heapOptions(repo.resolve("darkroom"));
    Path work = Files.createTempDirectory("darkroom-bench-server");
    int exit = 0;
    try {
      System.out.printf(
          Locale.ROOT,
          "%d cores, load %s; server JVM options from ./darkroom: %s; PostgreSQL durable: %s%n",
          Runtime.getRuntime().availableProcessors(),
          loadAverage(),
          String.join(" ", heap),
          Boolean.getBoolean("darkroom.test.postgres.durable"));
      SampleArchive sample = SampleArchiveGenerator.generate(work.resolve("sample"));
      System.out.printf(
          Locale.ROOT,
          "%n=== first artifact: the sample archive (%d files, %.1f MB)%n",
          sample.files().size(),
          sample.totalBytes() / 1e6);
      try (Server server = Server.start(jar, heap, sample.root(), work.resolve("s1"))) {
        server.scan();
        List<Double> firsts = new ArrayList<>();
        for (int r = 1; r <= repeat; r++) {
          String load = loadAverage();
          RunFigures run = server.run();
          firsts.add(run.firstArtifactSeconds);
          System.out.printf(
              Locale.ROOT,
              "repetition %d: run #%d first artifact %.2f s after POST /api/runs, run %.1f s;"
                  + " load %s%n",
              r,
              run.runId,
              run.firstArtifactSeconds,
              run.seconds,
              load);
        }
        double median = median(firsts);
        System.out.printf(
            Locale.ROOT,
            "first artifact (median of %d): %.2f s   target <= %.0f s   %s%n",
            repeat,
            median,
            TARGET_FIRST_ARTIFACT_SECONDS,
            verdict(median <= TARGET_FIRST_ARTIFACT_SECONDS));
      }

      Path jpegs = work.resolve("jpegs");
      JpegSet.generate(jpegs, assets);
      System.out.printf(Locale.ROOT, "%n=== memory: a run of %d JPEGs%n", assets);
      try (Server server = Server.start(jar, heap, jpegs, work.resolve("s2"))) {
        server.scan();
        long afterScan = server.peakRss();
        RunFigures run = server.run();
        long peak = server.peakRss();
        System.out.printf(
            Locale.ROOT,
            "run #%d: %.1f s, first artifact %.2f s; server JVM peak RSS %.0f MiB (after the scan"
                + " %.0f MiB)   target <= 1 GiB   %s; its children (Temporal dev server) %.0f MiB"
                + " now%n",
            run.runId,
            run.seconds,
            run.firstArtifactSeconds,
            peak / 1048576.0,
            afterScan / 1048576.0,
            verdict(peak <= TARGET_RSS_BYTES),
            server.childrenRss() / 1048576.0);
        System.out.println(
            "partition heap: partitions run in the server JVM (in-process launcher), so the heap"
                + " limit above bounds every partition's heap as well");
      }
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 1;
    } finally {
      deleteTree(work);
      System.exit(exit);
    }
  }

  private record RunFigures(long runId, double firstArtifactSeconds, double seconds) {}

  /** The server process, a signed-in session and the database it uses. */
  private static final class Server implements AutoCloseable {
    private final Process process;
    private final URI base;
    private final JdbcClient jdbc;
    private final HttpClient http;
    private String csrf = "";

    private final Path log;

    private Server(Process process, URI base, JdbcClient jdbc, Path log) {
      this.process = process;
      this.log = log;
      this.base = base;
      this.jdbc = jdbc;
      this.http =
          HttpClient.newBuilder()
              .cookieHandler(new CookieManager())
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }

    static Server start(Path jar, List<String> heap, Path archive, Path dir) throws Exception {
      Files.createDirectories(dir);
      TestDatabase db = TestDatabase.create("serverbench" + dir.getFileName());
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(heap);
      command.addAll(
          List.of(
              "-jar",
              jar.toString(),
              "--server.port=" + port,
              "--server.address=127.0.0.1",
              "--spring.datasource.url=" + db.jdbcUrl(),
              "--spring.datasource.username=" + db.username(),
              "--spring.datasource.password=" + db.password(),
              "--darkroom.data-dir=" + dir.resolve("data"),
              "--darkroom.archive.roots=" + archive,
              "--darkroom.temporal.ui=false",
              "--darkroom.security.admin-password=" + PASSWORD));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("server.log").toFile())
              .start();
      Server server =
          new Server(
              process,
              URI.create("http://127.0.0.1:" + port),
              JdbcClient.create(db.dataSource()),
              dir.resolve("server.log"));
      try {
        server.awaitUp(Duration.ofMinutes(5));
      } catch (IllegalStateException e) {
        server.printLogTail();
        server.close();
        throw e;
      }
      server.login();
      return server;
    }

    private void printLogTail() {
      try {
        List<String> lines = Files.readAllLines(log);
        System.out.println("--- the server's log, last 60 lines:");
        lines.subList(Math.max(0, lines.size() - 60), lines.size()).forEach(System.out::println);
      } catch (IOException e) {
        System.out.println("(no server log: " + e.getMessage() + ")");
      }
    }

    private void awaitUp(Duration timeout) throws InterruptedException {
      int lastStatus = -1;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the server exited with " + process.exitValue());
        }
        try {
          lastStatus =
              send(HttpRequest.newBuilder(base.resolve("/actuator/health")).GET()).statusCode();
          if (lastStatus == 200) {
            return;
          }
        } catch (IOException notYet) {
          // still starting
        }
        Thread.sleep(500);
      }
      throw new IllegalStateException(
          "the server did not come up within "
              + timeout
              + " (last health status "
              + lastStatus
              + ")");
    }

    private void login() throws IOException, InterruptedException {
      Matcher form = FORM_CSRF.matcher(body(send(HttpRequest.newBuilder(base.resolve("/login")))));
      if (!form.find()) {
        throw new IllegalStateException("no CSRF token on the login page");
      }
      String token = form.group(1) != null ? form.group(1) : form.group(2);
      HttpResponse<byte[]> response =
          send(
              HttpRequest.newBuilder(base.resolve("/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "username=admin&password="
                              + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                              + "&_csrf="
                              + URLEncoder.encode(token, StandardCharsets.UTF_8))));
      String location = response.headers().firstValue("Location").orElse("");
      if (response.statusCode() != 302 || location.contains("error")) {
        throw new IllegalStateException("login failed: " + response.statusCode() + " " + location);
      }
      Matcher meta = META.matcher(body(send(HttpRequest.newBuilder(base.resolve("/account")))));
      if (!meta.find()) {
        throw new IllegalStateException("no CSRF meta tag on /account");
      }
      csrf = meta.group(1);
    }

    /** {@code POST /api/scans} and waits for the scan to end. */
    void scan() throws Exception {
      long start = System.nanoTime();
      long id = post("/api/scans", "{}");
      String status = "";
      while (status.isEmpty() || status.equals("RUNNING")) {
        Thread.sleep(200);
        status =
            jdbc.sql("SELECT status FROM scan ORDER BY id DESC LIMIT 1")
                .query(String.class)
                .optional()
                .orElse("");
      }
      long assets = jdbc.sql("SELECT count(*) FROM asset").query(Long.class).single();
      System.out.printf(
          Locale.ROOT,
          "scan #%d %s in %.1f s: %d assets%n",
          id,
          status,
          (System.nanoTime() - start) / 1e9,
          assets);
    }

    /** {@code POST /api/runs}: images-basic, sandbox, every asset; waits for the run's end. */
    RunFigures run() throws Exception {
      long before =
          jdbc.sql("SELECT coalesce(max(id), 0) FROM artifact").query(Long.class).single();
      long start = System.nanoTime();
      long runId =
          post(
              "/api/runs",
              "{\"pipeline\":\"images-basic\",\"scope\":{\"all\":true},"
                  + "\"policy\":{\"kind\":\"SANDBOX\",\"sampleFraction\":1.0}}");
      double first = Double.NaN;
      while (true) {
        if (Double.isNaN(first)
            && jdbc.sql("SELECT EXISTS (SELECT 1 FROM artifact WHERE id > ? AND run_id = ?)")
                .params(before, runId)
                .query(Boolean.class)
                .single()) {
          first = (System.nanoTime() - start) / 1e9;
        }
        String status =
            jdbc.sql("SELECT status FROM run WHERE id = ?")
                .param(runId)
                .query(String.class)
                .single();
        if (List.of("COMPLETED", "COMPLETED_WITH_FAILURES", "FAILED", "CANCELLED")
            .contains(status)) {
          return new RunFigures(runId, first, (System.nanoTime() - start) / 1e9);
        }
        peakRss();
        Thread.sleep(Double.isNaN(first) ? 5 : 200);
      }
    }

    private long post(String path, String json) throws IOException, InterruptedException {
      HttpResponse<byte[]> response =
          send(
              HttpRequest.newBuilder(base.resolve(path))
                  .header("Content-Type", "application/json")
                  .header("X-CSRF-TOKEN", csrf)
                  .POST(HttpRequest.BodyPublishers.ofString(json)));
      Matcher id = ID.matcher(body(response));
      if (response.statusCode() / 100 != 2 || !id.find()) {
        throw new IllegalStateException(
            "POST " + path + " answered " + response.statusCode() + ": " + body(response));
      }
      return Long.parseLong(id.group(1));
    }

    /** The server JVM's peak resident set so far ({@code VmHWM}), in bytes. */
    long peakRss() throws IOException {
      return statusField(process.pid(), "VmHWM:");
    }

    /** The resident set of the server's child processes now (the Temporal dev server). */
    long childrenRss() {
      return process
          .descendants()
          .mapToLong(
              p -> {
                try {
                  return statusField(p.pid(), "VmRSS:");
                } catch (IOException gone) {
                  return 0;
                }
              })
          .sum();
    }

    private static long statusField(long pid, String field) throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
        }
      }
      return -1;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request)
        throws IOException, InterruptedException {
      return http.send(
          request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** The heap options {@code ./darkroom} starts the server with: its DARKROOM_JAVA_OPTS default. */
  static List<String> heapOptions(Path script) throws IOException {
    Matcher m =
        Pattern.compile("\\$\\{DARKROOM_JAVA_OPTS:-([^}]*)}").matcher(Files.readString(script));
    if (!m.find()) {
      throw new IllegalStateException("no DARKROOM_JAVA_OPTS default in " + script);
    }
    return Arrays.asList(m.group(1).trim().split("\\s+"));
  }

  private static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
