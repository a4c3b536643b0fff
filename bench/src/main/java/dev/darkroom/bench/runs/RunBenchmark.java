package dev.darkroom.bench.runs;

import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.bench.runs.CpuMeter.Cpu;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.installation.InstallationRepository;
import dev.darkroom.core.run.PartitionSizing;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunProperties;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.orchestrator.launcher.InProcessLauncherProperties;
import dev.darkroom.orchestrator.launcher.process.ProcessWorkerLauncher;
import dev.darkroom.orchestrator.run.RunInput;
import dev.darkroom.orchestrator.run.RunLauncherService;
import dev.darkroom.orchestrator.run.RunWorkflowIds;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.TestDatabase;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The run benchmark (issues 4 and 10). On one generated archive of small JPEGs, scanned into a
 * fresh database with the product's durability settings ({@code bench/run} sets them), in one JVM:
 *
 * <ul>
 *   <li>(a) Darkroom: an {@code images-basic} run (sandbox policy over every asset: thumbnail
 *       {@code maxSize} 256) through the real {@code RunWorkflow} on the Temporal dev server, with
 *       the product's default partition size and concurrency (in-process launcher, one partition
 *       per core), chunks committed with artifact + lineage rows and unit coverage. Charged with
 *       every CPU second of the JVM, PostgreSQL and the Temporal server while it runs;
 *   <li>(b) a plain Java loop: the same tools with the same parameters over the same files on as
 *       many threads, thumbnails put into a filesystem artifact store, nothing else. Charged like
 *       (a) (the target's ratio), and the CPU seconds of its own threads are printed too;
 *   <li>(c) a naive Temporal design: one workflow, one activity per asset running the same work as
 *       (b), activity worker with as many slots, on the same dev server. Charged with the JVM's and
 *       the Temporal server's CPU seconds.
 * </ul>
 *
 * <p>Every case is warmed up before it is measured ((b) and (a) over K assets each, (c) over K/4),
 * then (a) and (b) run R times in turn and (c) R times; every repetition is printed and the medians
 * are compared, each figure beside its target. Then the first artifact of a slow tool's run ({@link
 * SleepTool}, 5 s a unit). Darkroom's side is a list of {@link Variant}s (launcher configurations),
 * each measured in a Spring context of its own against loop repetitions measured beside it. Usage:
 * {@code RunBenchmark [--assets N] [--warm-up K] [--repeat R] [--window W] [--skip-naive]
 * [--skip-slow]}.
 */
public final class RunBenchmark {

  static final String PIPELINE = "images-basic";
  static final String NAIVE_TASK_QUEUE = "bench-naive";

  static final double TARGET_CPU_RATIO = 0.95;
  static final double TARGET_NAIVE_RATIO = 10;
  static final double TARGET_FIRST_ARTIFACT_SECONDS = 1.0;
  static final int TARGET_EVENTS_AT_100K = 300;

  /**
   * One configuration of Darkroom's side (a): a name and the Spring properties it sets beyond the
   * product's defaults. Add launcher variants (a worker process per partition, ...) here.
   */
  record Variant(String name, Map<String, String> properties) {

    /** The launcher its runs go to: {@code darkroom.runs.default-launcher}, else in-process. */
    String launcher() {
      return properties.getOrDefault("darkroom.runs.default-launcher", "in-process");
    }
  }

  /**
   * The in-process launcher with the product's defaults; with {@code --process} also (d) the
   * process launcher with 2 worker JVMs of 1 thread and (e) with 1 (issue 11), with the product's
   * worker settings unless {@code --worker-jvm-options a,b,c} or {@code --no-reuse-workers} (a JVM
   * per partition, ADR 0028) says otherwise.
   */
  static List<Variant> variants(
      boolean process, @Nullable String workerJvmOptions, boolean reuseWorkers) {
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("in-process launcher (product defaults)", Map.of()));
    if (process) {
      for (int workers : new int[] {2, 1}) {
        variants.add(
            new Variant(
                (workers == 2 ? "(d)" : "(e)")
                    + " process launcher, "
                    + workers
                    + " worker JVM(s) x 1 thread",
                processProperties(workers, workerJvmOptions, reuseWorkers)));
      }
    }
    return variants;
  }

  /**
   * {@code --pg-statements}: after each run (a), PostgreSQL's most expensive statements of it from
   * {@code pg_stat_statements} (needs {@code bench/run} started with {@code
   * -Ddarkroom.test.postgres.settings=shared_preload_libraries=pg_stat_statements;
   * pg_stat_statements.track=all} in {@code BENCH_JAVA_OPTS}): where the run's PostgreSQL time
   * goes.
   */
  private static boolean pgStatements;

  /**
   * {@code --warm-workers}: the process launcher's measured runs reuse the worker JVMs the warm-up
   * run (and each earlier repetition) started, as a server running runs back to back within the
   * launcher's idle timeout does (ADR 0028); (a) is measured warm in every case. Without it every
   * measured run of (d) and (e) starts its worker JVMs cold.
   */
  private static boolean warmWorkers;

  /**
   * {@code --size WxH}: the generated pictures' size, default {@value JpegSet#WIDTH}x{@value
   * JpegSet#HEIGHT} (units of a few milliseconds, where start-up and orchestration show most);
   * larger ones give units closer to a real photo's.
   */
  private static int width = JpegSet.WIDTH;

  private static int height = JpegSet.HEIGHT;

  private static Map<String, String> processProperties(
      int workers, @Nullable String workerJvmOptions, boolean reuseWorkers) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("darkroom.runs.default-launcher", "process");
    properties.put("darkroom.launcher.process.workers", Integer.toString(workers));
    properties.put("darkroom.launcher.process.reuse-workers", Boolean.toString(reuseWorkers));
    if (workerJvmOptions != null) {
      properties.put("darkroom.launcher.process.jvm-options", workerJvmOptions);
    }
    properties.put("logging.level.dev.darkroom.batch.worker", "INFO");
    return Map.copyOf(properties);
  }

  private RunBenchmark() {}

  public static void main(String[] args) throws Exception {
    int assets = intArg(args, "--assets", 2_000);
    int window = intArg(args, "--window", 1000);
    int warmUp = intArg(args, "--warm-up", assets);
    int repeat = Math.max(1, intArg(args, "--repeat", 3));
    boolean naive = !List.of(args).contains("--skip-naive");
    boolean slow = !List.of(args).contains("--skip-slow");
    boolean process = List.of(args).contains("--process");
    pgStatements = List.of(args).contains("--pg-statements");
    warmWorkers = List.of(args).contains("--warm-workers");
    String size = stringArg(args, "--size");
    if (size != null) {
      String[] wh = size.toLowerCase(Locale.ROOT).split("x");
      if (wh.length != 2
          || !wh[0].matches("[1-9][0-9]{0,4}")
          || !wh[1].matches("[1-9][0-9]{0,4}")) {
        throw new IllegalArgumentException("--size takes WIDTHxHEIGHT in pixels, not " + size);
      }
      width = Integer.parseInt(wh[0]);
      height = Integer.parseInt(wh[1]);
    }
    String workerJvmOptions = stringArg(args, "--worker-jvm-options");
    boolean reuseWorkers = !List.of(args).contains("--no-reuse-workers");
    Path work = Files.createTempDirectory("darkroom-bench-runs");
    int exit = 0;
    try {
      run(
          work,
          assets,
          window,
          warmUp,
          repeat,
          naive,
          slow,
          variants(process, workerJvmOptions, reuseWorkers),
          process);
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 1;
    } finally {
      deleteTree(work);
      System.exit(exit);
    }
  }

  private static void run(
      Path work,
      int n,
      int window,
      int warmUp,
      int repeat,
      boolean naive,
      boolean slow,
      List<Variant> variants,
      boolean process)
      throws Exception {
    Path archive = work.resolve("archive");
    System.out.printf(
        Locale.ROOT,
        "%d cores, load %s; %d assets; %d repetitions; PostgreSQL durable (fsync, synchronous"
            + " commit, full-page writes): %s%n",
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        n,
        repeat,
        Boolean.getBoolean("darkroom.test.postgres.durable"));
    long start = System.nanoTime();
    long bytes = JpegSet.generate(archive, n, width, height);
    System.out.printf(
        Locale.ROOT,
        "Generated %d JPEGs (%dx%d, %.1f MB) in %.1f s%n",
        n,
        width,
        height,
        bytes / 1e6,
        seconds(start));

    TestDatabase db = TestDatabase.create("runbench");
    boolean first = true;
    List<Medians> medians = new ArrayList<>();
    for (Variant variant : variants) {
      System.out.println();
      System.out.println("=== (a) " + variant.name());
      try (ConfigurableApplicationContext context = context(db, archive, work, variant)) {
        medians.add(
            measure(
                context, db, archive, work, variant, n, window, warmUp, repeat, first && naive));
        if (first && slow) {
          slowToolFirstArtifact(context);
        }
      }
      first = false;
    }
    if (process) {
      printProcess(medians.get(0), medians.get(1), medians.get(2), work);
    }
  }

  /**
   * (d) and (e) beside the in-process (a): d/a, d/e (median wall times), the same two ratios of the
   * plain loop measured beside each (for d/a a check that the machine did not change between the
   * variants; for d/e what the machine gives a loop on 2 threads against 1), the worker JVMs'
   * start-up (HotSpot start to Spring context ready, from Boot's "process running for" line) and
   * their peak heap, which every worker logs at each partition's end into its partition log.
   */
  private static void printProcess(Medians a, Medians d, Medians e, Path work) throws IOException {
    long peak = 0;
    int workers = 0;
    List<Double> startUps = new ArrayList<>();
    Path logs = work.resolve("data").resolve("logs").resolve("partitions");
    java.util.regex.Pattern line = java.util.regex.Pattern.compile("peak heap (\\d+) MB");
    java.util.regex.Pattern started =
        java.util.regex.Pattern.compile("Started WorkerMain in .*process running for ([0-9.]+)\\)");
    if (Files.isDirectory(logs)) {
      try (var files = Files.walk(logs)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String text = Files.readString(file);
          java.util.regex.Matcher m = line.matcher(text);
          while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
            workers++;
          }
          java.util.regex.Matcher s = started.matcher(text);
          while (s.find()) {
            startUps.add(Double.parseDouble(s.group(1)));
          }
        }
      }
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "ratio d/a (median wall time, a/d): %6.2fx   target >= 0.90x   (the 2-thread loops beside"
            + " them: %.2fx)%n",
        a.run() / d.run(),
        a.loop() / d.loop());
    System.out.printf(
        Locale.ROOT,
        "ratio d/e (median wall time, e/d): %6.2fx   target >= 1.80x   (the loop on 2 threads"
            + " against 1: %.2fx)%n",
        e.run() / d.run(),
        e.loop() / d.loop());
    System.out.printf(
        Locale.ROOT,
        "worker peak heap (max of %d partition ends in worker JVMs): %d MB   target <= 512 MB%n",
        workers,
        peak);
    if (!startUps.isEmpty()) {
      double[] sorted = startUps.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "worker JVM start-ups (JVM start to context ready): %d, median %.2f s, %.2f-%.2f s%s%n",
          sorted.length,
          median(startUps, Double::doubleValue),
          sorted[0],
          sorted[sorted.length - 1],
          // warm: one per slot of (d) and (e); more means the idle timeout retired workers
          warmWorkers && sorted.length > 3
              ? "   (more than the 3 slots: some measured runs started workers cold)"
              : "");
    }
  }

  static ConfigurableApplicationContext context(
      TestDatabase db, Path archive, Path work, Variant variant) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", db.jdbcUrl());
    properties.put("spring.datasource.username", db.username());
    properties.put("spring.datasource.password", db.password());
    properties.put("darkroom.archive.roots", archive.toString());
    properties.put("darkroom.data-dir", work.resolve("data").toString());
    properties.put("darkroom.temporal.ui", "false");
    properties.put("logging.level.root", "WARN");
    // SleepTool's pipeline beside the shipped ones (BenchRunApplication).
    properties.put("spring.main.allow-bean-definition-overriding", "true");
    properties.putAll(variant.properties());
    SpringApplication app = new SpringApplication(BenchRunApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setDefaultProperties(properties);
    return app.run();
  }

  /** Prints the variant's figures; returns the median wall times of its runs and loops. */
  private static Medians measure(
      ConfigurableApplicationContext context,
      TestDatabase db,
      Path archive,
      Path work,
      Variant variant,
      int n,
      int window,
      int warmUp,
      int repeat,
      boolean naive)
      throws Exception {
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    int threads =
        variant.launcher().equals("process")
            ? Integer.parseInt(variant.properties().get("darkroom.launcher.process.workers"))
            : context.getBean(InProcessLauncherProperties.class).threads();
    RunProperties runProperties = context.getBean(RunProperties.class);
    PartitionSizing sizing =
        PartitionSizing.adaptive(runProperties.partitionSize(), runProperties.minPartitionSize());
    System.out.printf(
        Locale.ROOT,
        "product defaults: %d partitions at once (darkroom.launcher.in-process.threads), partition"
            + " size %d (%d partitions of %d for this run), chunk size %d or %d ms%n",
        threads,
        runProperties.partitionSize(),
        sizing.partitions(n, threads),
        sizing.size(n, threads),
        runProperties.chunkSize(),
        runProperties.chunkMaxTime().toMillis());
    long catalogued = jdbc.sql("SELECT count(*) FROM asset").query(Long.class).single();
    if (catalogued == 0) {
      long start = System.nanoTime();
      ScanReport scan = context.getBean(ScanService.class).scan(false, p -> {});
      if (scan.assetsNew() != n) {
        throw new IllegalStateException("scan found " + scan.assetsNew() + " new assets, not " + n);
      }
      System.out.printf(Locale.ROOT, "Scanned %d assets in %.1f s%n", n, seconds(start));
    }
    List<BenchAsset> assets = assets(jdbc, archive);
    CpuMeter cpu = new CpuMeter(port(db.jdbcUrl()));

    // Warm-ups: the JIT compiles tool, batch, JDBC and Temporal code once, as a server does once.
    AssetWork warmUpWork =
        new AssetWork(new FilesystemArtifactStore(work.resolve("store-warm-up"), List.of()));
    int plainWarmUp = Math.min(n, warmUp);
    long start = System.nanoTime();
    plainLoop(warmUpWork, assets.subList(0, plainWarmUp), threads);
    System.out.printf(
        Locale.ROOT,
        "warm-up (b) %d assets in %.1f s; %s%n",
        plainWarmUp,
        seconds(start),
        cpu.since());
    // As many units as (b)'s warm-up: (a) has more code to compile than the loop (JDBC, Batch,
    // Temporal) and its measured runs still paid 1-2 CPU s of C2 compilation after half as many.
    int runWarmUp = Math.max(1, Math.min(n, warmUp));
    RunResult warm =
        darkroomRun(context, jdbc, PIPELINE, runWarmUp, threads, RunPolicy.sandbox(runWarmUp, 7));
    System.out.printf(
        Locale.ROOT,
        "warm-up (a) run #%d, %d assets in %.1f s; %s%n",
        warm.runId,
        runWarmUp,
        warm.seconds,
        cpu.since());

    List<RunResult> runs = new ArrayList<>();
    List<LoopResult> loops = new ArrayList<>();
    long outputsB = 0;
    AssetWork plain = null;
    if (pgStatements) {
      jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
    }
    if (variant.launcher().equals("process")) {
      System.out.println(
          warmWorkers
              ? "worker JVMs: warm (the warm-up run's JVMs take the measured runs' partitions)"
              : "worker JVMs: cold (retired before every measured run, which starts its own)");
    }
    for (int r = 1; r <= repeat; r++) {
      if (!warmWorkers) {
        retireWorkerJvms(context);
      }
      String loadA = loadAverage();
      if (pgStatements) {
        jdbc.sql("SELECT pg_stat_statements_reset()").query(String.class).optional();
      }
      cpu.since();
      RunResult a =
          darkroomRun(context, jdbc, PIPELINE, n, threads, RunPolicy.sandboxFraction(1.0, 42))
              .withCpu(cpu.since());
      runs.add(a);
      System.out.printf(
          Locale.ROOT,
          "repetition %d (a) run #%d: %6.1f s, %7.1f assets/s, %s; first artifact %.2f s;"
              + " %d events; load %s%n",
          r,
          a.runId,
          a.seconds,
          n / a.seconds,
          a.cpu,
          a.firstArtifactSeconds,
          a.events,
          loadA);
      if (pgStatements) {
        printStatements(jdbc, n);
      }
      String loadB = loadAverage();
      plain = new AssetWork(new FilesystemArtifactStore(work.resolve("store-b-" + r), List.of()));
      cpu.since();
      LoopResult b = timedLoop(plain, assets, threads).withProcessCpu(cpu.since());
      loops.add(b);
      outputsB = b.outputs;
      System.out.printf(
          Locale.ROOT,
          "repetition %d (b) loop:    %6.1f s, %7.1f assets/s, %s, of which its own threads"
              + " %.1f; load %s%n",
          r,
          b.seconds,
          n / b.seconds,
          b.processCpu,
          b.cpuSeconds,
          loadB);
    }

    NaiveWorkflows c = null;
    List<NaiveResult> naives = new ArrayList<>();
    if (naive) {
      c = new NaiveWorkflows(context.getBean(WorkflowClient.class), assets, threads, work);
      int naiveWarmUp = Math.max(1, Math.min(n, warmUp / 4));
      cpu.since();
      NaiveResult warmC = c.run(assets.subList(0, naiveWarmUp), window);
      System.out.printf(
          Locale.ROOT,
          "warm-up (c) %d assets in %.1f s; %s%n",
          naiveWarmUp,
          warmC.seconds,
          cpu.since());
      for (int r = 1; r <= repeat; r++) {
        String load = loadAverage();
        NaiveResult cr = c.run(assets, window).withCpu(cpu.since());
        naives.add(cr);
        System.out.printf(
            Locale.ROOT,
            "repetition %d (c) naive:   %6.1f s, %7.1f assets/s, %s; %d events; load %s%n",
            r,
            cr.seconds,
            n / cr.seconds,
            cr.cpu,
            cr.events,
            load);
      }
      c.close();
    }

    RunResult last = runs.get(runs.size() - 1);
    checkParameters(jdbc, last.runId, plain.parameters());
    print(variant, n, threads, sizing, runs, loops, outputsB, naives);
    return new Medians(median(runs, RunResult::seconds), median(loops, LoopResult::seconds));
  }

  /** A variant's median wall times: its runs (a) and the plain loop (b) measured beside them. */
  private record Medians(double run, double loop) {}

  // ---------------------------------------------------------------------------------------- (a)

  record RunResult(
      long runId,
      double seconds,
      double firstArtifactSeconds,
      int events,
      int executions,
      UnitCounts counts,
      long artifacts,
      String status,
      int partitions,
      double jobSeconds,
      Cpu cpu) {

    RunResult withCpu(Cpu measured) {
      return new RunResult(
          runId,
          seconds,
          firstArtifactSeconds,
          events,
          executions,
          counts,
          artifacts,
          status,
          partitions,
          jobSeconds,
          measured);
    }
  }

  /**
   * A run as {@code POST /api/runs} makes one (the run row, its workflow id, then the workflow),
   * timed from before the row is written to the end of the workflow; the first committed artifact
   * row is polled for every 5 ms.
   */
  static RunResult darkroomRun(
      ConfigurableApplicationContext context,
      JdbcClient jdbc,
      String pipeline,
      int n,
      int threads,
      RunPolicy policy)
      throws Exception {
    RunCreation creation = context.getBean(RunCreation.class);
    RunRepository runs = context.getBean(RunRepository.class);
    RunLauncherService launcher = context.getBean(RunLauncherService.class);
    WorkflowClient client = context.getBean(WorkflowClient.class);

    AtomicLong runIdHolder = new AtomicLong(-1);
    AtomicLong firstArtifactAt = new AtomicLong(-1);
    long start = System.nanoTime();
    Thread poller =
        new Thread(
            () -> {
              while (firstArtifactAt.get() < 0 && !Thread.currentThread().isInterrupted()) {
                long runId = runIdHolder.get();
                if (runId > 0
                    && jdbc.sql("SELECT EXISTS (SELECT 1 FROM artifact WHERE run_id = ?)")
                        .param(runId)
                        .query(Boolean.class)
                        .single()) {
                  firstArtifactAt.set(System.nanoTime());
                  return;
                }
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "first-artifact-poller");
    poller.setDaemon(true);
    poller.start();

    long runId = creation.create(RunRequest.allAssets(pipeline, policy, "bench"));
    runIdHolder.set(runId);
    Run run = runs.get(runId);
    String workflowId =
        new RunWorkflowIds(context.getBean(InstallationRepository.class)).forRun(runId);
    runs.setWorkflowId(runId, workflowId);
    launcher.start(
        workflowId, RunInput.of(runId, pipeline, run.pipelineVersion(), threads, Map.of()));
    RunOutcome outcome =
        client.newUntypedWorkflowStub(workflowId).getResult(2, TimeUnit.HOURS, RunOutcome.class);
    double seconds = seconds(start);
    poller.join(2000);
    poller.interrupt();

    UnitCounts counts = context.getBean(RunUnitRepository.class).counts(runId);
    long artifacts =
        jdbc.sql("SELECT count(*) FROM artifact WHERE run_id = ?")
            .param(runId)
            .query(Long.class)
            .single();
    if (counts.done() != n) {
      System.out.println(
          "WARNING: run #" + runId + " ended " + outcome.status() + " with " + counts);
    }
    int[] history = historyOfChain(client, workflowId);
    double jobSeconds =
        jdbc.sql(
                "SELECT coalesce(sum(extract(epoch FROM finished_at - started_at)), 0)"
                    + " FROM run_partition WHERE run_id = ?")
            .param(runId)
            .query(Double.class)
            .single();
    int partitions =
        jdbc.sql("SELECT count(*) FROM run_partition WHERE run_id = ?")
            .param(runId)
            .query(Integer.class)
            .single();
    double first = firstArtifactAt.get() < 0 ? Double.NaN : (firstArtifactAt.get() - start) / 1e9;
    return new RunResult(
        runId,
        seconds,
        first,
        history[0],
        history[1],
        counts,
        artifacts,
        String.valueOf(outcome.status()),
        partitions,
        jobSeconds,
        new Cpu(0, 0, 0, 0));
  }

  /** The first artifact of a run of a tool that takes 5 s a unit, two units per slot. */
  private static void slowToolFirstArtifact(ConfigurableApplicationContext context)
      throws Exception {
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    int threads = context.getBean(InProcessLauncherProperties.class).threads();
    int units = 2 * threads;
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "slow tool: %s, %d s a unit, sandbox sample of %d units ...%n",
        SleepTool.PIPELINE.id(),
        SleepTool.UNIT_TIME.toSeconds(),
        units);
    RunResult slow =
        darkroomRun(
            context, jdbc, SleepTool.PIPELINE.id(), units, threads, RunPolicy.sandbox(units, 3));
    double target = SleepTool.UNIT_TIME.toSeconds() + 1.0;
    System.out.printf(
        Locale.ROOT,
        "slow tool: first artifact %.2f s after the run was requested   target <= %.0f s (unit"
            + " time + 1 s)  %s; run %.1f s, %d partitions%n",
        slow.firstArtifactSeconds,
        target,
        verdict(slow.firstArtifactSeconds <= target),
        slow.seconds,
        slow.partitions);
  }

  /** Events of the workflow's last execution plus those it continued from; and the executions. */
  private static int[] historyOfChain(WorkflowClient client, String workflowId) {
    int events = 0;
    int executions = 0;
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    while (true) {
      events += history.getEvents().size();
      executions++;
      HistoryEvent first = history.getEvents().get(0);
      String previous =
          first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId();
      if (previous.isEmpty()) {
        return new int[] {events, executions};
      }
      history = client.fetchHistory(workflowId, previous);
    }
  }

  /** The statements of the run just measured that took PostgreSQL longest, with calls per unit. */
  private static void printStatements(JdbcClient jdbc, int n) {
    System.out.printf(
        Locale.ROOT, "  %9s %9s %9s %9s  %s%n", "total ms", "calls", "per unit", "rows", "query");
    jdbc.sql(
            """
            SELECT s.total_exec_time + s.total_plan_time AS ms, s.calls, s.rows,
                   regexp_replace(s.query, '\\s+', ' ', 'g') AS query
              FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
             WHERE d.datname = current_database()
             ORDER BY 1 DESC LIMIT 25
            """)
        .query(
            rs -> {
              String query = rs.getString("query");
              System.out.printf(
                  Locale.ROOT,
                  "  %9.1f %9d %9.3f %9d  %s%n",
                  rs.getDouble("ms"),
                  rs.getLong("calls"),
                  rs.getLong("calls") / (double) n,
                  rs.getLong("rows"),
                  query.length() > 150 ? query.substring(0, 150) + "..." : query);
            });
  }

  // ---------------------------------------------------------------------------------------- (b)

  /**
   * @param cpuSeconds CPU seconds of the loop's own threads
   * @param processCpu everything during the loop, accounted as for (a): the JVM (garbage
   *     collection, JIT and the idle Spring context's threads included), PostgreSQL, Temporal
   */
  private record LoopResult(double seconds, double cpuSeconds, long outputs, Cpu processCpu) {
    LoopResult withProcessCpu(Cpu measured) {
      return new LoopResult(seconds, cpuSeconds, outputs, measured);
    }
  }

  /** (b) timed, charged with the CPU time of its own threads (ThreadMXBean). */
  private static LoopResult timedLoop(AssetWork work, List<BenchAsset> assets, int threads)
      throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    AtomicLong cpuNanos = new AtomicLong();
    long start = System.nanoTime();
    long outputs = plainLoop(work, assets, threads, cpuNanos, mx);
    return new LoopResult(seconds(start), cpuNanos.get() / 1e9, outputs, new Cpu(0, 0, 0, 0));
  }

  private static long plainLoop(AssetWork work, List<BenchAsset> assets, int threads)
      throws Exception {
    return plainLoop(work, assets, threads, new AtomicLong(), ManagementFactory.getThreadMXBean());
  }

  private static long plainLoop(
      AssetWork work, List<BenchAsset> assets, int threads, AtomicLong cpuNanos, ThreadMXBean mx)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<Long>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  long cpu0 = mx.getCurrentThreadCpuTime();
                  long outputs = 0;
                  for (int i = next.getAndIncrement();
                      i < assets.size();
                      i = next.getAndIncrement()) {
                    outputs += work.process(assets.get(i));
                  }
                  cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                  return outputs;
                }));
      }
      long outputs = 0;
      for (Future<Long> f : done) {
        outputs += f.get();
      }
      return outputs;
    } finally {
      pool.shutdown();
    }
  }

  // ---------------------------------------------------------------------------------------- (c)

  private record NaiveResult(double seconds, long outputs, int events, Cpu cpu) {
    NaiveResult withCpu(Cpu measured) {
      return new NaiveResult(seconds, outputs, events, measured);
    }
  }

  /** (c)'s worker, started once: a warm-up workflow, then the measured ones. */
  private static final class NaiveWorkflows implements AutoCloseable {
    private final WorkflowClient client;
    private final WorkerFactory factory;

    NaiveWorkflows(WorkflowClient client, List<BenchAsset> assets, int threads, Path work) {
      this.client = client;
      AssetWork assetWork =
          new AssetWork(new FilesystemArtifactStore(work.resolve("store-c"), List.of()));
      Map<Long, BenchAsset> byId = new HashMap<>();
      for (BenchAsset asset : assets) {
        byId.put(asset.id(), asset);
      }
      factory = WorkerFactory.newInstance(client);
      Worker worker =
          factory.newWorker(
              NAIVE_TASK_QUEUE,
              WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(threads).build());
      worker.registerWorkflowImplementationTypes(NaiveWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          (NaiveWorkflow.AssetActivities) assetId -> assetWork.process(byId.get(assetId)));
      factory.start();
    }

    NaiveResult run(List<BenchAsset> assets, int window) {
      long[] ids = assets.stream().mapToLong(BenchAsset::id).toArray();
      String workflowId = "bench-naive-" + System.nanoTime();
      NaiveWorkflow workflow =
          client.newWorkflowStub(
              NaiveWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(workflowId)
                  .setTaskQueue(NAIVE_TASK_QUEUE)
                  .build());
      long start = System.nanoTime();
      long outputs = workflow.run(ids, window);
      double seconds = seconds(start);
      int events = client.fetchHistory(workflowId).getEvents().size();
      return new NaiveResult(seconds, outputs, events, new Cpu(0, 0, 0, 0));
    }

    @Override
    public void close() {
      factory.shutdown();
      factory.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------------------------------- output

  private static void print(
      Variant variant,
      int n,
      int threads,
      PartitionSizing sizing,
      List<RunResult> runs,
      List<LoopResult> loops,
      long outputsB,
      List<NaiveResult> naives) {
    double a = median(runs, RunResult::seconds);
    double aCpu = median(runs, r -> r.cpu.total());
    double b = median(loops, LoopResult::seconds);
    // Both sides accounted alike: every CPU second of the JVM, PostgreSQL and Temporal.
    double bCpu = median(loops, l -> l.processCpu.total());
    double bOwnCpu = median(loops, LoopResult::cpuSeconds);
    double first = median(runs, RunResult::firstArtifactSeconds);
    RunResult last = runs.get(runs.size() - 1);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-60s %9s %10s %9s %9s%n",
        n + " JPEGs, images-basic, " + threads + " threads; medians of " + runs.size(),
        "wall s",
        "assets/s",
        "CPU s",
        "events");
    System.out.printf(
        Locale.ROOT,
        "%-60s %9.1f %10.1f %9.1f %9d%n",
        "(a) Darkroom run, " + variant.name(),
        a,
        n / a,
        aCpu,
        last.events);
    System.out.printf(
        Locale.ROOT,
        "%-60s %9.1f %10.1f %9.1f %9s%n",
        "(b) plain Java loop, same tools",
        b,
        n / b,
        bCpu,
        "-");
    double c = Double.NaN;
    if (!naives.isEmpty()) {
      c = median(naives, NaiveResult::seconds);
      System.out.printf(
          Locale.ROOT,
          "%-60s %9.1f %10.1f %9.1f %9d%n",
          "(c) naive Temporal, one activity per asset",
          c,
          n / c,
          median(naives, r -> r.cpu.total()),
          naives.get(naives.size() - 1).events);
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "(a) last run #%d %s: %d done, %d failed, %d skipped; %d artifact rows; (b) %d outputs."
            + " %d partitions, %d execution(s); the jobs ran %.1f s in all (%.1f assets/s on %d"
            + " slots); the rest of the wall time is orchestration%n",
        last.runId,
        last.status,
        last.counts.done(),
        last.counts.failed(),
        last.counts.skipped(),
        last.artifacts,
        outputsB,
        last.partitions,
        last.executions,
        last.jobSeconds,
        n / (last.jobSeconds / threads),
        threads);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "run/loop, CPU s per asset (b CPU / a CPU): %6.2f    target >= %.2f   %s%n",
        bCpu / aCpu,
        TARGET_CPU_RATIO,
        verdict(bCpu / aCpu >= TARGET_CPU_RATIO));
    System.out.printf(
        Locale.ROOT,
        "run/loop, CPU s, (b) its own threads only:  %6.2f    (stricter: no GC, JIT or idle"
            + " threads charged to (b))%n",
        bOwnCpu / aCpu);
    System.out.printf(
        Locale.ROOT, "run/loop, wall throughput (b s / a s):     %6.2f    (no target)%n", b / a);
    if (!naives.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "run/naive, wall throughput (c s / a s):    %6.2f    target >= %.0f      %s%n",
          c / a,
          TARGET_NAIVE_RATIO,
          verdict(c / a >= TARGET_NAIVE_RATIO));
    }
    System.out.printf(
        Locale.ROOT,
        "first artifact, request to commit:         %6.2f s  target <= %.0f s     %s%n",
        first,
        TARGET_FIRST_ARTIFACT_SECONDS,
        verdict(first <= TARGET_FIRST_ARTIFACT_SECONDS));
    System.out.printf(
        Locale.ROOT,
        "history events of this run:                %6d    (target <= %d at 100,000 assets:"
            + " %d partitions there; RunWorkflowHistoryBudgetTest measures it)%n",
        last.events,
        TARGET_EVENTS_AT_100K,
        sizing.partitions(100_000, threads));
  }

  static <T> double median(List<T> values, ToDoubleFunction<T> figure) {
    double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  /** Run (a)'s lineage must record the parameters (b) and (c) use. */
  static void checkParameters(JdbcClient jdbc, long runId, Map<String, String> expected) {
    Map<String, String> recorded = new HashMap<>();
    jdbc.sql("SELECT DISTINCT tool_id, parameters::text AS p FROM lineage WHERE run_id = ?")
        .param(runId)
        .query(
            rs -> {
              recorded.put(rs.getString("tool_id"), rs.getString("p"));
            });
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String got = recorded.get(e.getKey());
      System.out.printf(
          Locale.ROOT,
          "parameters %-15s run (a) %s, baselines %s%n",
          e.getKey(),
          got,
          e.getValue());
    }
  }

  static List<BenchAsset> assets(JdbcClient jdbc, Path archive) {
    return jdbc.sql(
            """
            SELECT a.id, a.media_type, l.rel_path FROM asset a
              JOIN asset_location l ON l.asset_id = a.id AND l.gone_at IS NULL
             ORDER BY a.id
            """)
        .query(
            (rs, i) ->
                new BenchAsset(
                    rs.getLong("id"),
                    rs.getString("media_type"),
                    archive.resolve(rs.getString("rel_path"))))
        .list();
  }

  /**
   * The machine's load averages (1, 5, 15 min) from /proc/loadavg, printed as each case starts: the
   * figures of a case that shared the cores with other work are not comparable.
   */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  static int port(String jdbcUrl) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/").matcher(jdbcUrl);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * No reused worker JVM survives from the warm-up or an earlier repetition: each measured run of
   * the process launcher pays its workers' start-up (ADR 0028).
   */
  private static void retireWorkerJvms(ConfigurableApplicationContext context) {
    for (ProcessWorkerLauncher launcher :
        context.getBeansOfType(ProcessWorkerLauncher.class).values()) {
      for (ProcessHandle worker : launcher.retireIdleWorkers(java.time.Duration.ZERO)) {
        worker.onExit().orTimeout(60, TimeUnit.SECONDS).join();
      }
    }
  }

  private static @Nullable String stringArg(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
