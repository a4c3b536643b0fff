package dev.darkroom.bench.scan;

import dev.darkroom.batch.sample.BenchTree;
import dev.darkroom.batch.sample.BenchTreeGenerator;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.core.catalog.ScanReport;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 2's scan benchmark: Darkroom's full scan into PostgreSQL against {@code find … -print0 |
 * xargs -0 sha256sum} over the same generated tree, in the same run, then an unchanged rescan.
 *
 * <p>Both sides read a page-cache-warm tree (it was just written and fits in memory), so the
 * comparison is hashing and bookkeeping, not disk speed. "Cold" means an empty catalog.
 */
public final class ScanBenchmark {

  private ScanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int files = intArg(args, "--files", 20_000);
    int kib = intArg(args, "--kib", 64);
    Path work = Files.createTempDirectory("darkroom-bench-scan");
    try {
      System.out.printf(
          "%d cores; darkroom.scan.threads=%s%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("darkroom.scan.threads", "auto"));
      measure(
          work.resolve("random"),
          files,
          kib,
          new byte[0],
          "random bytes named .bin (no known signature, nothing in the name: ADR 0003)");
      measure(work.resolve("jpeg"), files, kib, photo(), "each file a real JPEG (a photo archive)");
    } finally {
      deleteTree(work);
      System.exit(0);
    }
  }

  private static void measure(Path treeDir, int files, int kib, byte[] prefix, String content)
      throws Exception {
    System.out.printf(
        "%nGenerating %d files of %d KiB, %s, in %s ...%n", files, kib, content, treeDir);
    BenchTree tree = BenchTreeGenerator.generate(treeDir, files, kib * 1024, 42L, prefix);
    double mb = tree.totalBytes() / 1e6;

    double baseline = Math.min(sha256sum(treeDir), sha256sum(treeDir));
    double firstScan = Double.MAX_VALUE;
    double rescan = Double.MAX_VALUE;
    for (int round = 0; round < 2; round++) {
      double[] times = darkroom(treeDir, tree.files(), round);
      firstScan = Math.min(firstScan, times[0]);
      rescan = Math.min(rescan, times[1]);
    }

    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-40s %10s %10s %10s%n",
        files + " x " + kib + " KiB, " + (prefix.length > 0 ? "JPEG" : "random") + " (best of 2)",
        "seconds",
        "files/s",
        "MB/s");
    row("find | xargs sha256sum (baseline)", baseline, files, mb);
    row("darkroom scan, empty catalog", firstScan, files, mb);
    row("darkroom rescan, unchanged tree", rescan, files, mb);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "ratio darkroom/baseline (throughput): %.2fx   target >= 0.80x%n",
        baseline / firstScan);
    System.out.printf(
        Locale.ROOT,
        "ratio rescan/first scan (speed-up):   %.1fx   target >= 10x%n",
        firstScan / rescan);
    deleteTree(treeDir);
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

  private static double sha256sum(Path tree) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                "find \"$1\" -type f -print0 | xargs -0 sha256sum > /dev/null",
                "bench",
                tree.toString())
            .inheritIO()
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("sha256sum baseline failed");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** One fresh database: a scan of the tree into an empty catalog, then an unchanged rescan. */
  private static double[] darkroom(Path tree, int expectedFiles, int round) {
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
      long start = System.nanoTime();
      ScanReport first = scans.scan(false, p -> {});
      double firstSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      ScanReport second = scans.scan(false, p -> {});
      double rescanSeconds = (System.nanoTime() - start) / 1e9;
      if (first.assetsNew() != expectedFiles || second.filesUnchanged() != expectedFiles) {
        throw new IllegalStateException(
            "unexpected scan result: " + first.assetsNew() + " new, " + second.filesUnchanged());
      }
      return new double[] {firstSeconds, rescanSeconds};
    }
  }

  private static void row(String label, double seconds, int files, double mb) {
    System.out.printf(
        Locale.ROOT, "%-40s %10.2f %10.0f %10.1f%n", label, seconds, files / seconds, mb / seconds);
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
