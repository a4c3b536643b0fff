package dev.darkroom.bench.api;

import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The API benchmark (issue 5): seeds 100,000 assets, 300,000 artifacts and 10,000 Spring Batch job
 * executions, starts the real server jar against that catalog, and prints p50/p95 of the main API
 * queries and pages, each next to the same server's {@code /actuator/health} (the HTTP floor,
 * measured in the same run). Target: p95 under 150 ms for each.
 *
 * <p>{@code bench/run api [--assets N] [--executions N] [--requests N]}
 */
public final class ApiBenchmark {

  private static final String ADMIN_PASSWORD = "bench-admin-password";

  public static void main(String[] args) throws Exception {
    int assets = intArg(args, "--assets", 100_000);
    int executions = intArg(args, "--executions", 10_000);
    int requests = intArg(args, "--requests", 200);
    Path repo = Path.of(System.getProperty("darkroom.repo", ".")).toAbsolutePath().normalize();
    Path jar = repo.resolve("web/target/darkroom.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the server first: " + jar + " is missing");
    }
    Path work = Files.createTempDirectory("darkroom-apibench");
    System.out.printf(
        Locale.ROOT,
        "%d cores; %d assets, %d artifacts, %d job executions; %d requests per endpoint%n",
        Runtime.getRuntime().availableProcessors(),
        assets,
        assets * 3,
        executions,
        requests);

    TestDatabase db = TestDatabase.create("apibench");
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    int port = freePort();
    Process server = startServer(jar, db, work, port);
    try {
      BenchHttp http = new BenchHttp(URI.create("http://127.0.0.1:" + port), ADMIN_PASSWORD);
      http.awaitUp(server, Duration.ofMinutes(3));
      // Seeded after start-up on purpose: start-up reconciliation would otherwise try to resume
      // the seeded RUNNING run, whose files do not exist.
      long start = System.nanoTime();
      ApiSeed.Seeded seeded = new ApiSeed(jdbc).seed(assets, executions);
      System.out.printf(
          Locale.ROOT,
          "Seeded in %.1f s: run %d has %d failed units; %d artifacts%n",
          (System.nanoTime() - start) / 1e9,
          seeded.bigRunId(),
          seeded.failedUnits(),
          seeded.artifacts());
      http.login();

      Map<String, String> endpoints = endpoints(seeded, assets);
      Stats floor = measure(http, "/actuator/health", requests);
      System.out.printf(
          Locale.ROOT,
          "%-58s %8s %8s %8s %10s%n",
          "endpoint",
          "p50 ms",
          "p95 ms",
          "max ms",
          "p95/floor");
      print("floor: GET /actuator/health", floor, floor);
      List<String> missed = new ArrayList<>();
      for (Map.Entry<String, String> e : endpoints.entrySet()) {
        Stats stats = measure(http, e.getValue(), requests);
        print(e.getKey(), stats, floor);
        if (stats.p95() >= 150) {
          missed.add(e.getKey());
        }
      }
      System.out.println(
          missed.isEmpty()
              ? "Target met: every p95 under 150 ms"
              : "Target MISSED (p95 >= 150 ms): " + String.join(", ", missed));
    } finally {
      server.destroy();
      if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** What a user does most: search, look at a run, its failures, the Batch executions list. */
  static Map<String, String> endpoints(ApiSeed.Seeded seeded, int assets) {
    long run = seeded.bigRunId();
    Map<String, String> endpoints = new LinkedHashMap<>();
    endpoints.put("API assets: type:image (first page)", "/api/assets?q=type:image&limit=50");
    endpoints.put(
        "API assets: camera + taken range + has:thumbnail",
        "/api/assets?q="
            + enc("camera:\"Canon EOS\" taken:2010-01..2012-12 has:thumbnail")
            + "&limit=50");
    endpoints.put(
        "API assets: path prefix -has:phash",
        "/api/assets?q=" + enc("path:photos/2019 -has:phash") + "&limit=50");
    endpoints.put("API asset detail", "/api/assets/" + (assets / 2));
    endpoints.put("API run status (running, 50 partitions)", "/api/runs/" + run);
    endpoints.put("API run failed units (first page)", "/api/runs/" + run + "/failures?limit=50");
    endpoints.put("API runs list", "/api/runs?limit=50");
    endpoints.put("API batch job executions list", "/api/batch/executions?limit=50");
    endpoints.put(
        "API batch executions of job 'pipeline', FAILED",
        "/api/batch/executions?job=pipeline&status=FAILED&limit=50");
    endpoints.put("API coverage: every asset (maintained counters)", "/api/coverage");
    endpoints.put(
        "API coverage: static collection of a tenth",
        "/api/coverage?collection=" + seeded.staticCollectionId());
    endpoints.put(
        "API coverage: dynamic collection type:image/png",
        "/api/coverage?collection=" + seeded.dynamicCollectionId());
    endpoints.put("page: asset grid", "/assets?q=" + enc("type:image"));
    endpoints.put("page: run", "/runs/" + run);
    endpoints.put("page: batch executions", "/batch/jobs/pipeline");
    endpoints.put("page: coverage (all assets + 2 collections)", "/coverage");
    return endpoints;
  }

  private static Stats measure(BenchHttp http, String path, int requests)
      throws IOException, InterruptedException {
    for (int i = 0; i < Math.max(10, requests / 10); i++) {
      http.get(path); // warm-up: JIT, connection pool, PostgreSQL's caches
    }
    double[] millis = new double[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      http.get(path);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return new Stats(
        millis[(int) Math.floor(0.50 * (requests - 1))],
        millis[(int) Math.floor(0.95 * (requests - 1))],
        millis[requests - 1]);
  }

  record Stats(double p50, double p95, double max) {}

  private static void print(String name, Stats stats, Stats floor) {
    System.out.printf(
        Locale.ROOT,
        "%-58s %8.1f %8.1f %8.1f %9.1fx%n",
        name,
        stats.p50(),
        stats.p95(),
        stats.max(),
        stats.p95() / floor.p95());
  }

  private static Process startServer(Path jar, TestDatabase db, Path work, int port)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--darkroom.data-dir=" + work.resolve("data"),
                "--darkroom.temporal.ui=false",
                "--darkroom.security.admin-password=" + ADMIN_PASSWORD));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("server.log").toFile())
        .start();
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
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

  private ApiBenchmark() {}

  /** Keeps HttpClient's import for BenchHttp's sake in one place. */
  static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HttpResponse.BodyHandler<byte[]> bytes() {
    return HttpResponse.BodyHandlers.ofByteArray();
  }

  static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
  }
}
