package dev.darkroom.bench.runs;

import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.bench.runs.CpuMeter.Cpu;
import dev.darkroom.bench.runs.RunBenchmark.RunResult;
import dev.darkroom.bench.runs.RunBenchmark.Variant;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunProperties;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.orchestrator.launcher.InProcessLauncherProperties;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 13's thumbnail figures: {@code n} JPEGs or HEICs, catalogued by a real scan into a fresh
 * database with the product's durability settings, go through the {@value #PIPELINE_ID} pipeline
 * (the {@code thumbnail} tool alone) as a real run — {@code RunWorkflow} on the Temporal dev
 * server, the in-process launcher with the product's default partitions, threads and chunks,
 * artifact, lineage and coverage rows committed per chunk — and through the raw tool loop ({@link
 * RawThumbnails}: {@code heif-convert} for a HEIC, then the same thumbnail code, on as many threads
 * as the run has partitions at once). Warmed up, then run and loop alternate {@code repeat} times;
 * each repetition is printed with its CPU seconds (the JVM with its ended children, such as every
 * {@code heif-convert}, PostgreSQL and Temporal), then the medians with the target beside them.
 */
public final class ThumbnailRuns {

  static final String PIPELINE_ID = "bench-thumbnail";

  /** The thumbnail tool alone, so that the run does exactly the raw loop's work. */
  static final Pipeline PIPELINE = new Pipeline(PIPELINE_ID, "1", List.of("thumbnail"));

  static final double TARGET_RATIO = 0.9;

  /** Phone-like proportions, small enough for 1,000 files a repetition on a shared machine. */
  public static final int WIDTH = 1024;

  public static final int HEIGHT = 768;

  /** What the archive holds. */
  public enum Format {
    JPEG,
    HEIC
  }

  private ThumbnailRuns() {}

  /** Generates the archive, measures both sides and prints every figure. */
  public static void measure(Path work, Format format, int n, int repeat) throws Exception {
    Path archive = work.resolve("archive");
    long start = System.nanoTime();
    long bytes =
        format == Format.HEIC
            ? HeicSet.generate(archive, work.resolve("heic-bases"), n, WIDTH, HEIGHT)
            : JpegSet.generate(archive, n, WIDTH, HEIGHT);
    System.out.printf(
        Locale.ROOT,
        "%nthumbnails of %d %ss (%dx%d, %.1f MB, generated in %.1f s); load %s; PostgreSQL"
            + " durable: %s%n",
        n,
        format,
        WIDTH,
        HEIGHT,
        bytes / 1e6,
        RunBenchmark.seconds(start),
        RunBenchmark.loadAverage(),
        Boolean.getBoolean("darkroom.test.postgres.durable"));
    TestDatabase db = TestDatabase.create("mediabench" + format.name().toLowerCase(Locale.ROOT));
    Variant variant = new Variant("in-process launcher (product defaults)", Map.of());
    try (ConfigurableApplicationContext context =
        RunBenchmark.context(db, archive, work, variant)) {
      measure(context, db, archive, work, format, n, repeat);
    }
  }

  private static void measure(
      ConfigurableApplicationContext context,
      TestDatabase db,
      Path archive,
      Path work,
      Format format,
      int n,
      int repeat)
      throws Exception {
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    int threads = context.getBean(InProcessLauncherProperties.class).threads();
    RunProperties runs = context.getBean(RunProperties.class);
    System.out.printf(
        Locale.ROOT,
        "product defaults: %d partitions at once, partition size %d, chunk size %d or %d ms; raw"
            + " loop on %d threads%n",
        threads,
        runs.partitionSize(),
        runs.chunkSize(),
        runs.chunkMaxTime().toMillis(),
        threads);
    long scanStart = System.nanoTime();
    ScanReport scan = context.getBean(ScanService.class).scan(false, p -> {});
    if (scan.assetsNew() != n) {
      throw new IllegalStateException("scan found " + scan.assetsNew() + " new assets, not " + n);
    }
    List<BenchAsset> assets = RunBenchmark.assets(jdbc, archive);
    String mediaType = assets.get(0).mediaType();
    System.out.printf(
        Locale.ROOT,
        "scanned %d assets (%s) in %.1f s%n",
        n,
        mediaType,
        RunBenchmark.seconds(scanStart));
    CpuMeter cpu = new CpuMeter(RunBenchmark.port(db.jdbcUrl()));
    Path temp = Files.createDirectories(work.resolve("raw-tmp"));

    // Warm-ups: the JIT compiles the tool, Batch, JDBC and Temporal code once, as a server does.
    int warmUp = Math.max(1, Math.min(n, 100));
    RawThumbnails warmRaw =
        new RawThumbnails(
            new FilesystemArtifactStore(work.resolve("raw-warm-up"), List.of()), temp);
    LoopResult warmLoop = loop(warmRaw, assets.subList(0, warmUp), threads);
    RunResult warmRun =
        RunBenchmark.darkroomRun(
            context, jdbc, PIPELINE_ID, warmUp, threads, RunPolicy.sandbox(warmUp, 7));
    System.out.printf(
        Locale.ROOT,
        "warm-up: raw loop %d in %.1f s, run #%d %d in %.1f s; %s%n",
        warmUp,
        warmLoop.seconds,
        warmRun.runId(),
        warmUp,
        warmRun.seconds(),
        cpu.since());

    List<RunResult> runResults = new ArrayList<>();
    List<LoopResult> loops = new ArrayList<>();
    RawThumbnails raw = null;
    for (int r = 1; r <= repeat; r++) {
      String loadRun = RunBenchmark.loadAverage();
      cpu.since();
      RunResult a =
          RunBenchmark.darkroomRun(
                  context, jdbc, PIPELINE_ID, n, threads, RunPolicy.sandboxFraction(1.0, 42))
              .withCpu(cpu.since());
      runResults.add(a);
      System.out.printf(
          Locale.ROOT,
          "repetition %d  run #%d: %6.1f s wall, %6.1f %ss/s, %s; %d done, %d failed, %d skipped;"
              + " load %s%n",
          r,
          a.runId(),
          a.seconds(),
          n / a.seconds(),
          format,
          a.cpu(),
          a.counts().done(),
          a.counts().failed(),
          a.counts().skipped(),
          loadRun);
      String loadLoop = RunBenchmark.loadAverage();
      raw =
          new RawThumbnails(
              new FilesystemArtifactStore(work.resolve("raw-store-" + r), List.of()), temp);
      cpu.since();
      LoopResult b = loop(raw, assets, threads);
      Cpu loopCpu = cpu.since();
      loops.add(b.withCpu(loopCpu));
      System.out.printf(
          Locale.ROOT,
          "repetition %d  raw loop: %6.1f s wall, %6.1f %ss/s, %s; %d thumbnails; load %s%n",
          r,
          b.seconds,
          n / b.seconds,
          format,
          loopCpu,
          b.outputs,
          loadLoop);
    }
    RunBenchmark.checkParameters(
        jdbc, runResults.get(runResults.size() - 1).runId(), raw.parameters());

    double runWall = RunBenchmark.median(runResults, RunResult::seconds);
    double runCpu = RunBenchmark.median(runResults, x -> x.cpu().total());
    double loopWall = RunBenchmark.median(loops, LoopResult::seconds);
    double loopCpu = RunBenchmark.median(loops, l -> l.cpu.total());
    System.out.printf(
        Locale.ROOT,
        "%d %ss, medians of %d:  run %.1f s wall (%.1f CPU s), raw loop %.1f s wall (%.1f CPU"
            + " s)%n",
        n,
        format,
        repeat,
        runWall,
        runCpu,
        loopWall,
        loopCpu);
    double wallRatio = loopWall / runWall;
    double cpuRatio = loopCpu / runCpu;
    System.out.printf(
        Locale.ROOT,
        "  %s thumbnails, run / raw loop, wall throughput (loop s / run s): %.2fx   target >="
            + " %.1fx   %s%n",
        format,
        wallRatio,
        TARGET_RATIO,
        RunBenchmark.verdict(wallRatio >= TARGET_RATIO));
    System.out.printf(
        Locale.ROOT,
        "  %s thumbnails, run / raw loop, CPU s (loop CPU / run CPU):        %.2fx   target >="
            + " %.1fx   %s%n",
        format,
        cpuRatio,
        TARGET_RATIO,
        RunBenchmark.verdict(cpuRatio >= TARGET_RATIO));
  }

  private record LoopResult(double seconds, long outputs, Cpu cpu) {
    LoopResult withCpu(Cpu measured) {
      return new LoopResult(seconds, outputs, measured);
    }
  }

  /** The raw loop on {@code threads} threads, each taking the next file. */
  private static LoopResult loop(RawThumbnails raw, List<BenchAsset> assets, int threads)
      throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger next = new AtomicInteger();
      List<Future<Long>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  long outputs = 0;
                  for (int i = next.getAndIncrement();
                      i < assets.size();
                      i = next.getAndIncrement()) {
                    outputs += raw.process(assets.get(i));
                  }
                  return outputs;
                }));
      }
      long outputs = 0;
      for (Future<Long> f : done) {
        outputs += f.get();
      }
      return new LoopResult(RunBenchmark.seconds(start), outputs, new Cpu(0, 0, 0, 0));
    } finally {
      pool.shutdown();
    }
  }
}
