package dev.darkroom.bench.scan;

import dev.darkroom.batch.sample.BenchTree;
import dev.darkroom.batch.sample.BenchTreeGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.bench.runs.CpuMeter;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scan benchmark (issues 2 and 10): Darkroom's full scan into PostgreSQL (with the product's
 * durability settings, which {@code bench/run} sets) against {@code find … -print0 | xargs -0 -P N
 * sha256sum}, where N is the number of threads Darkroom hashes with ({@code darkroom.scan.threads},
 * one per core by default), over the same generated tree, then an unchanged rescan.
 *
 * <p>Each side runs R times (default 3), interleaved; every repetition is printed and the medians
 * are compared, each beside its target. CPU seconds beside wall time: the baseline's are its child
 * processes' ({@code times} in its shell), Darkroom's are the JVM's (everything in it, the Spring
 * context included) plus PostgreSQL's. Both sides read a page-cache-warm tree (it was just written
 * and fits in memory), so the comparison is hashing and bookkeeping, not disk speed. "Cold" means
 * an empty catalog. Usage: {@code ScanBenchmark [--files N] [--kib K] [--repeat R]}.
 */
public final class ScanBenchmark {

  static final double TARGET_COLD_RATIO = 0.9;
  static final double TARGET_RESCAN_SPEEDUP = 20;

  private ScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int files = intArg(args, "--files", 5_000);
    int kib = intArg(args, "--kib", 64);
    int repeat = Math.max(1, intArg(args, "--repeat", 3));
    int threads = Integer.getInteger("darkroom.scan.threads", 0);
    int processes = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    Path work = Files.createTempDirectory("darkroom-bench-scan");
    int exit = 0;
    try {
      System.out.printf(
          Locale.ROOT,
          "%d cores, load %s; Darkroom hashes on %d threads (darkroom.scan.threads), the baseline"
              + " with %d sha256sum processes; %d repetitions; PostgreSQL durable: %s%n",
          Runtime.getRuntime().availableProcessors(),
          loadAverage(),
          processes,
          processes,
          repeat,
          Boolean.getBoolean("darkroom.test.postgres.durable"));
      measure(
          work.resolve("random"),
          files,
          kib,
          new byte[0],
          "random bytes named .bin (no known signature, nothing in the name: ADR 0003)",
          processes,
          repeat);
      measure(
          work.resolve("jpeg"),
          files,
          kib,
          photo(),
          "each file a real JPEG (a photo archive)",
          processes,
          repeat);
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 1;
    } finally {
      deleteTree(work);
      System.exit(exit);
    }
  }

  /** Wall and CPU seconds of one pass. */
  record Timing(double seconds, double cpu) {}

  private static void measure(
      Path treeDir, int files, int kib, byte[] prefix, String content, int processes, int repeat)
      throws Exception {
    System.out.printf(
        "%nGenerating %d files of %d KiB, %s, in %s ...%n", files, kib, content, treeDir);
    BenchTree tree = BenchTreeGenerator.generate(treeDir, files, kib * 1024, 42L, prefix);
    double mb = tree.totalBytes() / 1e6;

    sha256sum(treeDir, processes); // warm-up: the page cache, the binaries
    List<Timing> baseline = new ArrayList<>();
    List<Timing> cold = new ArrayList<>();
    List<Timing> rescan = new ArrayList<>();
    for (int round = 0; round <= repeat; round++) {
      String load = loadAverage();
      Timing[] times = darkroom(treeDir, tree.files(), round);
      if (round == 0) {
        System.out.printf(
            Locale.ROOT,
            "warm-up darkroom: cold %.2f s, rescan %.2f s (not counted)%n",
            times[0].seconds(),
            times[1].seconds());
        continue;
      }
      Timing base = sha256sum(treeDir, processes);
      baseline.add(base);
      cold.add(times[0]);
      rescan.add(times[1]);
      System.out.printf(
          Locale.ROOT,
          "repetition %d: sha256sum -P%d %.2f s (CPU s %.1f); darkroom cold %.2f s (CPU s %.1f),"
              + " rescan %.2f s (CPU s %.1f); load %s%n",
          round,
          processes,
          base.seconds(),
          base.cpu(),
          times[0].seconds(),
          times[0].cpu(),
          times[1].seconds(),
          times[1].cpu(),
          load);
    }

    double b = median(baseline, Timing::seconds);
    double c = median(cold, Timing::seconds);
    double r = median(rescan, Timing::seconds);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-50s %10s %10s %10s %10s%n",
        files + " x " + kib + " KiB, " + (prefix.length > 0 ? "JPEG" : "random") + ", medians",
        "wall s",
        "files/s",
        "MB/s",
        "CPU s");
    row("find | xargs -P" + processes + " sha256sum (baseline)", b, files, mb, baseline);
    row("darkroom scan, empty catalog (cold)", c, files, mb, cold);
    row("darkroom rescan, unchanged tree", r, files, mb, rescan);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "cold scan / parallel sha256sum (throughput): %6.2fx   target >= %.1fx  %s%n",
        b / c,
        TARGET_COLD_RATIO,
        verdict(b / c >= TARGET_COLD_RATIO));
    System.out.printf(
        Locale.ROOT,
        "cold scan / parallel sha256sum (CPU s):      %6.2fx   (no target)%n",
        median(baseline, Timing::cpu) / median(cold, Timing::cpu));
    System.out.printf(
        Locale.ROOT,
        "rescan speed-up over the cold scan:          %6.1fx   target >= %.0fx   %s%n",
        c / r,
        TARGET_RESCAN_SPEEDUP,
        verdict(c / r >= TARGET_RESCAN_SPEEDUP));
    deleteTree(treeDir);
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static double median(List<Timing> timings, ToDoubleFunction<Timing> figure) {
    double[] sorted = timings.stream().mapToDouble(figure).sorted().toArray();
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  /** A real 320x240 JPEG of noise (about 20 KiB): detection and header parsing see a photo. */
  private static byte[] photo() throws IOException {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(7);
    for (int y = 0; y < 240; y++) {
      for (int x = 0; x < 320; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  /**
   * {@code find | xargs -P processes sha256sum}, 64 files per {@code sha256sum}; CPU seconds from
   * the shell's {@code times} (user and system time of its finished children).
   */
  private static Timing sha256sum(Path tree, int processes)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "find \"$1\" -type f -print0 | xargs -0 -P \"$2\" -n 64 sha256sum > /dev/null;"
                    + " times",
                "bench",
                tree.toString(),
                Integer.toString(processes))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String times = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("sha256sum baseline failed");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // "times" prints the shell's user/system times, then its children's: "0m1.234s 0m0.567s".
    String[] lines = times.trim().split("\n");
    String[] children = lines[lines.length - 1].trim().split("\\s+");
    return new Timing(seconds, minutes(children[0]) + minutes(children[1]));
  }

  /** "1m2.345s" as seconds. */
  private static double minutes(String time) {
    int m = time.indexOf('m');
    return Integer.parseInt(time.substring(0, m)) * 60
        + Double.parseDouble(time.substring(m + 1, time.length() - 1));
  }

  /** One fresh database: a scan of the tree into an empty catalog, then an unchanged rescan. */
  private static Timing[] darkroom(Path tree, int expectedFiles, int round) {
    TestDatabase db = TestDatabase.create("bench" + round);
    SpringApplication app = new SpringApplication(WorkerMain.WorkerApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setDefaultProperties(
        Map.of(
            "spring.datasource.url", db.jdbcUrl(),
            "spring.datasource.username", db.username(),
            "spring.datasource.password", db.password(),
            "darkroom.archive.roots", tree.toString(),
            "logging.level.root", "WARN"));
    try (ConfigurableApplicationContext context = app.run()) {
      ScanService scans = context.getBean(ScanService.class);
      CpuMeter cpu = new CpuMeter(port(db.jdbcUrl()));
      long start = System.nanoTime();
      ScanReport first = scans.scan(false, p -> {});
      double firstSeconds = (System.nanoTime() - start) / 1e9;
      double firstCpu = cpu.since().total();
      start = System.nanoTime();
      ScanReport second = scans.scan(false, p -> {});
      double rescanSeconds = (System.nanoTime() - start) / 1e9;
      double rescanCpu = cpu.since().total();
      if (first.assetsNew() != expectedFiles || second.filesUnchanged() != expectedFiles) {
        throw new IllegalStateException(
            "unexpected scan result: " + first.assetsNew() + " new, " + second.filesUnchanged());
      }
      return new Timing[] {
        new Timing(firstSeconds, firstCpu), new Timing(rescanSeconds, rescanCpu)
      };
    }
  }

  private static int port(String jdbcUrl) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+)/").matcher(jdbcUrl);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  private static void row(String label, double seconds, int files, double mb, List<Timing> all) {
    System.out.printf(
        Locale.ROOT,
        "%-50s %10.2f %10.0f %10.1f %10.1f%n",
        label,
        seconds,
        files / seconds,
        mb / seconds,
        median(all, Timing::cpu));
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
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
