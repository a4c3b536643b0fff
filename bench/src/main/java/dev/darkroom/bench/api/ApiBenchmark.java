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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The API benchmark (issues 5 and 10): seeds 1,000,000 assets, 3,000,000 artifacts and 10,000
 * Spring Batch job executions, starts the real server jar against that catalog (PostgreSQL with the
 * product's durability settings), and measures every API call and page a person uses, with {@code
 * --clients} concurrent clients (8): the runs list, a running run's status, page and live streams,
 * asset queries that match everything and that match nothing (negated {@code has:} terms included),
 * the asset page, collections and the Batch views. Each endpoint is measured in {@code --rounds}
 * rounds; every round is printed, the figure is the median of the rounds' p50 and p95, printed
 * beside the target (p95 at most 100 ms) and the HTTP floor ({@code /actuator/health}, measured the
 * same way). Every single request's time goes to {@code latencies.csv} in the work directory.
 *
 * <p>{@code bench/run api [--assets N] [--executions N] [--clients C] [--requests N] [--rounds R]
 * [--explain] [--only NAME,NAME] [--hold]}: {@code --only} times the endpoints whose name contains
 * one of the names, {@code --hold} keeps the server and database up afterwards for profiling.
 */
public final class ApiBenchmark {

  private static final String ADMIN_PASSWORD = "bench-admin-password";
  static final double TARGET_P95_MS = 100;

  public static void main(String[] args) throws Exception {
    int assets = intArg(args, "--assets", 1_000_000);
    int executions = intArg(args, "--executions", 10_000);
    int clients = intArg(args, "--clients", 8);
    int requests = intArg(args, "--requests", 80);
    int rounds = intArg(args, "--rounds", 3);
    Path repo = Path.of(System.getProperty("darkroom.repo", ".")).toAbsolutePath().normalize();
    Path jar = repo.resolve("web/target/darkroom.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("build the server first: " + jar + " is missing");
    }
    Path work = Files.createTempDirectory("darkroom-apibench");
    System.out.printf(
        Locale.ROOT,
        "%d cores, load %.1f; %d assets, %d artifacts, %d job executions; %d clients, %d requests"
            + " per round, %d rounds per endpoint; PostgreSQL durable: %s%n",
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        assets,
        assets * 3L,
        executions,
        clients,
        requests,
        rounds,
        Boolean.getBoolean("darkroom.test.postgres.durable"));

    TestDatabase db = TestDatabase.create("apibench");
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    int port = freePort();
    Process server = startServer(jar, db, work, port);
    try (LatencyLog log = new LatencyLog(work.resolve("latencies.csv"))) {
      BenchHttp http = new BenchHttp(URI.create("http://127.0.0.1:" + port), ADMIN_PASSWORD);
      http.awaitUp(server, Duration.ofMinutes(3));
      // Seeded after start-up on purpose: start-up reconciliation would otherwise try to resume
      // the seeded RUNNING run, whose files do not exist.
      long start = System.nanoTime();
      ApiSeed.Seeded seeded = new ApiSeed(jdbc).seed(assets, executions);
      System.out.printf(
          Locale.ROOT,
          "Seeded in %.1f s: run %d has %d failed units; %d artifacts; collections %d (static),"
              + " %d (dynamic), %d (static, %d members), %d (dynamic, type:image),"
              + " %d (dynamic, %s, %d kept members)%n",
          (System.nanoTime() - start) / 1e9,
          seeded.bigRunId(),
          seeded.failedUnits(),
          seeded.artifacts(),
          seeded.staticCollection(),
          seeded.dynamicCollection(),
          seeded.largeStaticCollection(),
          seeded.largeStaticMembers(),
          seeded.imagesCollection(),
          seeded.keptCollection(),
          ApiSeed.KEPT_QUERY,
          seeded.keptMembers());
      System.out.println("Latencies of every request: " + work.resolve("latencies.csv"));
      if (List.of(args).contains("--explain")) {
        QueryPlans.print(jdbc);
      }
      http.login();

      Measure measure = new Measure(http, clients, requests, rounds, log);
      Figures floor = measure.run("floor: GET /actuator/health", "/actuator/health", false);
      List<String[]> table = new ArrayList<>();
      List<String> missed = new ArrayList<>();
      for (Endpoint e : only(endpoints(seeded, assets), stringArg(args, "--only"))) {
        Figures figures = measure.run(e.name(), e.path(), e.stream());
        table.add(row(e.name(), figures, floor));
        if (figures.p95() > TARGET_P95_MS) {
          missed.add(e.name());
        }
      }
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "%-56s %8s %8s %8s %8s %9s%n",
          "endpoint (median of rounds)",
          "p50 ms",
          "p95 ms",
          "target",
          "met",
          "p95/floor");
      System.out.println(String.join(" ", row("floor: GET /actuator/health", floor, floor)));
      for (String[] r : table) {
        System.out.println(String.join(" ", r));
      }
      System.out.println(
          missed.isEmpty()
              ? "Target met: every p95 at most " + (int) TARGET_P95_MS + " ms"
              : "Target MISSED (p95 > "
                  + (int) TARGET_P95_MS
                  + " ms) for "
                  + missed.size()
                  + " of "
                  + table.size()
                  + ": "
                  + String.join(", ", missed));
      if (List.of(args).contains("--hold")) {
        // For profiling by hand (EXPLAIN in psql, the server's log): keeps both until killed.
        System.out.println(
            "Holding: server http://127.0.0.1:"
                + port
                + ", database "
                + db.jdbcUrl()
                + " user "
                + db.username()
                + "; kill this process to stop");
        Thread.sleep(Long.MAX_VALUE);
      }
    } finally {
      server.destroy();
      if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** One thing a person or a client asks for; a stream is timed to its first event. */
  record Endpoint(String name, String path, boolean stream) {
    Endpoint(String name, String path) {
      this(name, path, false);
    }
  }

  /**
   * What a user does: search (matching everything, some, nothing), look at an asset, a run, its
   * failures and live stream, the runs list, collections, the Batch executions.
   */
  static List<Endpoint> endpoints(ApiSeed.Seeded seeded, int assets) {
    long run = seeded.bigRunId();
    List<Endpoint> endpoints = new ArrayList<>();
    endpoints.add(new Endpoint("API runs list", "/api/runs?limit=50"));
    endpoints.add(new Endpoint("API run status (running)", "/api/runs/" + run));
    endpoints.add(
        new Endpoint(
            "API run failed units (first page)", "/api/runs/" + run + "/failures?limit=50"));
    endpoints.add(
        new Endpoint("API run events stream (first event)", "/api/runs/" + run + "/events", true));
    endpoints.add(new Endpoint("API assets: everything (blank query)", "/api/assets?limit=50"));
    endpoints.add(new Endpoint("API assets: type:image", "/api/assets?q=type:image&limit=50"));
    endpoints.add(
        new Endpoint(
            "API assets: camera + taken range + has:thumbnail",
            "/api/assets?q="
                + enc("camera:\"Canon EOS\" taken:2010-01..2012-12 has:thumbnail")
                + "&limit=50"));
    endpoints.add(
        new Endpoint("API assets: -has:phash (nothing)", "/api/assets?q=" + enc("-has:phash")));
    endpoints.add(
        new Endpoint(
            "API assets: path prefix -has:phash (nothing)",
            "/api/assets?q=" + enc("path:photos/2019 -has:phash") + "&limit=50"));
    endpoints.add(
        new Endpoint(
            "API assets: type:image -has:thumbnail (nothing)",
            "/api/assets?q=" + enc("type:image -has:thumbnail") + "&limit=50"));
    endpoints.add(
        new Endpoint("API assets: has:faces (nothing)", "/api/assets?q=" + enc("has:faces")));
    endpoints.add(
        new Endpoint("API assets: type:audio (nothing)", "/api/assets?q=" + enc("type:audio")));
    endpoints.add(
        new Endpoint(
            "API assets: camera:Hasselblad (nothing)",
            "/api/assets?q=" + enc("camera:Hasselblad")));
    endpoints.add(new Endpoint("API asset detail", "/api/assets/" + (assets / 2)));
    endpoints.add(new Endpoint("API collections", "/api/collections"));
    endpoints.add(
        new Endpoint("API collection (static)", "/api/collections/" + seeded.staticCollection()));
    endpoints.add(
        new Endpoint("API collection (dynamic)", "/api/collections/" + seeded.dynamicCollection()));
    endpoints.add(new Endpoint("API batch job executions list", "/api/batch/executions?limit=50"));
    endpoints.add(
        new Endpoint(
            "API batch executions of job 'pipeline', FAILED",
            "/api/batch/executions?job=pipeline&status=FAILED&limit=50"));
    endpoints.add(new Endpoint("page: runs", "/runs"));
    endpoints.add(new Endpoint("page: run", "/runs/" + run));
    endpoints.add(new Endpoint("page: run stream (first event)", "/runs/" + run + "/stream", true));
    endpoints.add(new Endpoint("page: runs stream (first event)", "/runs/stream", true));
    endpoints.add(new Endpoint("page: asset grid (everything)", "/assets"));
    endpoints.add(
        new Endpoint("page: asset grid -has:phash (nothing)", "/assets?q=" + enc("-has:phash")));
    endpoints.add(new Endpoint("page: asset", "/assets/" + (assets / 2)));
    endpoints.add(new Endpoint("page: collections", "/collections"));
    endpoints.add(new Endpoint("page: batch executions", "/batch/jobs/pipeline"));
    endpoints.add(new Endpoint("API coverage: every asset (maintained counters)", "/api/coverage"));
    endpoints.add(
        new Endpoint(
            "API coverage: static collection",
            "/api/coverage?collection=" + seeded.staticCollection()));
    endpoints.add(
        new Endpoint(
            "API coverage: static collection, " + seeded.largeStaticMembers() + " members",
            "/api/coverage?collection=" + seeded.largeStaticCollection()));
    endpoints.add(
        new Endpoint(
            "API coverage: dynamic collection type:video",
            "/api/coverage?collection=" + seeded.dynamicCollection()));
    endpoints.add(
        new Endpoint(
            "API coverage: dynamic collection type:image",
            "/api/coverage?collection=" + seeded.imagesCollection()));
    endpoints.add(
        new Endpoint(
            "API coverage: dynamic collection "
                + ApiSeed.KEPT_QUERY
                + ", "
                + seeded.keptMembers()
                + " kept members",
            "/api/coverage?collection=" + seeded.keptCollection()));
    endpoints.add(new Endpoint("page: coverage (all assets + collections)", "/coverage"));
    return endpoints;
  }

  /** p50 and p95 of an endpoint: the median over its rounds of each round's percentile. */
  record Figures(double p50, double p95, double max) {}

  /** Runs the rounds of one endpoint with every client at once, printing each round. */
  private record Measure(BenchHttp http, int clients, int requests, int rounds, LatencyLog log) {

    Figures run(String name, String path, boolean stream) throws Exception {
      System.out.println(name + "  GET " + path);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        // Warm-up: JIT, connection pools, PostgreSQL's caches.
        timed(pool, path, stream, clients * 2);
        double[] p50s = new double[rounds];
        double[] p95s = new double[rounds];
        double max = 0;
        for (int round = 0; round < rounds; round++) {
          long start = System.nanoTime();
          double[] millis = timed(pool, path, stream, requests);
          double wall = (System.nanoTime() - start) / 1e9;
          log.write(name, round + 1, millis);
          Arrays.sort(millis);
          p50s[round] = percentile(millis, 0.50);
          p95s[round] = percentile(millis, 0.95);
          max = Math.max(max, millis[millis.length - 1]);
          System.out.printf(
              Locale.ROOT,
              "  round %d: p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms  %6.1f req/s%n",
              round + 1,
              p50s[round],
              p95s[round],
              millis[millis.length - 1],
              requests / wall);
        }
        Figures figures = new Figures(median(p50s), median(p95s), max);
        System.out.printf(
            Locale.ROOT,
            "  median of %d rounds: p50 %.1f ms, p95 %.1f ms (target <= %.0f ms: %s)%n",
            rounds,
            figures.p50(),
            figures.p95(),
            TARGET_P95_MS,
            figures.p95() <= TARGET_P95_MS ? "met" : "MISSED");
        return figures;
      } finally {
        pool.shutdownNow();
      }
    }

    private double[] timed(ExecutorService pool, String path, boolean stream, int total)
        throws Exception {
      double[] millis = new double[total];
      java.util.concurrent.atomic.AtomicInteger next =
          new java.util.concurrent.atomic.AtomicInteger();
      List<Callable<Void>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        workers.add(
            () -> {
              for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                long start = System.nanoTime();
                if (stream) {
                  http.firstEvent(path);
                } else {
                  http.get(path);
                }
                millis[i] = (System.nanoTime() - start) / 1e6;
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(workers)) {
        f.get();
      }
      return millis;
    }
  }

  static double percentile(double[] sorted, double p) {
    return sorted[(int) Math.ceil(p * sorted.length) - 1];
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String[] row(String name, Figures figures, Figures floor) {
    return new String[] {
      String.format(Locale.ROOT, "%-56s", name),
      String.format(Locale.ROOT, "%8.1f", figures.p50()),
      String.format(Locale.ROOT, "%8.1f", figures.p95()),
      String.format(Locale.ROOT, "%8s", "<= " + (int) TARGET_P95_MS),
      String.format(Locale.ROOT, "%8s", figures.p95() <= TARGET_P95_MS ? "met" : "MISSED"),
      String.format(Locale.ROOT, "%8.1fx", figures.p95() / Math.max(0.001, floor.p95()))
    };
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
                // Each timed stream request is dropped after its first event, but the server
                // releases a stream only at its next send or heartbeat: at 8 clients the cap (a
                // guard against browsers left open) answered 503 before the rounds were over.
                "--darkroom.web.sse.max-streams=100000",
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

  /** The endpoints whose name contains one of the comma-separated parts of {@code --only}. */
  static List<Endpoint> only(List<Endpoint> endpoints, String filter) {
    if (filter.isBlank()) {
      return endpoints;
    }
    List<String> parts = List.of(filter.split(","));
    return endpoints.stream().filter(e -> parts.stream().anyMatch(e.name()::contains)).toList();
  }

  private static String stringArg(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return "";
  }

  static int intArg(String[] args, String name, int fallback) {
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
