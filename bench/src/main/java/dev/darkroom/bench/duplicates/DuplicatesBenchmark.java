package dev.darkroom.bench.duplicates;

import dev.darkroom.batch.duplicates.NearDuplicateClusters;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Clusters synthetic 64-bit perceptual hashes with the aggregate step's own code ({@link
 * NearDuplicateClusters}: multi-index hashing and union-find) at 100,000 and 1,000,000 hashes and
 * prints the growth from one to the other against the target (at most 12×, a quadratic step would
 * be 100×). A tenth of the hashes are planted groups of five near copies (1..8 bits flipped), the
 * rest random; every planted group must come back as a cluster. The raw loop (every pair compared,
 * the same union-find) runs at 100,000 as the baseline and must find the same clusters; at
 * 1,000,000 it would take 100× that, so its time is projected, not run. Each case is repeated and
 * the median of all repetitions printed with its CPU seconds. In-memory only: the step's PostgreSQL
 * reads and commits are measured by the runs benchmark's kind of test, not here.
 *
 * <p>{@code bench/run duplicates [--repeat R] [--threshold T] [--skip-baseline]}
 */
public final class DuplicatesBenchmark {

  static final int GROUP = 5;
  static final double PLANTED_SHARE = 0.1;
  static final double TARGET_GROWTH = 12.0;

  private DuplicatesBenchmark() {}

  public static void main(String[] args) {
    int repeat = 3;
    int threshold = 8;
    boolean baseline = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--threshold" -> threshold = Integer.parseInt(args[++i]);
        case "--skip-baseline" -> baseline = false;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "duplicates: threshold %d bits, %d repetitions per case (median), %d cores%n",
        threshold,
        repeat,
        Runtime.getRuntime().availableProcessors());
    // Warm-up: the JIT compiles the index and union-find before the first measured case.
    cluster(hashes(20_000, 1), threshold);

    Result small = measure("aggregate, 100,000 hashes", 100_000, threshold, repeat, false);
    Result large = measure("aggregate, 1,000,000 hashes", 1_000_000, threshold, repeat, false);
    double growth = large.wallSeconds / small.wallSeconds;
    System.out.printf(
        Locale.ROOT,
        "growth 1,000,000 / 100,000: %.1f× wall, %.1f× CPU (target ≤ %.0f×; quadratic would be"
            + " 100×) %s%n",
        growth,
        large.cpuSeconds / small.cpuSeconds,
        TARGET_GROWTH,
        growth <= TARGET_GROWTH ? "MET" : "MISSED");
    if (baseline) {
      Result raw = measure("raw loop, 100,000 hashes", 100_000, threshold, 1, true);
      if (raw.clusters != small.clusters) {
        throw new IllegalStateException(
            "the raw loop found " + raw.clusters + " clusters, the aggregate " + small.clusters);
      }
      System.out.printf(
          Locale.ROOT,
          "aggregate vs raw loop at 100,000: %.1f× faster (target ≥ 0.9×); raw loop at 1,000,000"
              + " projected %.0f s (pairs grow 100×), the aggregate took %.1f s%n",
          raw.wallSeconds / small.wallSeconds,
          raw.wallSeconds * 100,
          large.wallSeconds);
    }
  }

  record Result(double wallSeconds, double cpuSeconds, int clusters) {}

  static Result measure(String name, int n, int threshold, int repeat, boolean raw) {
    long[] hashes = hashes(n, 42);
    int planted = plantedGroups(n);
    List<Double> walls = new ArrayList<>();
    List<Double> cpus = new ArrayList<>();
    int clusters = -1;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < repeat; r++) {
      System.gc();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      clusters = raw ? rawLoop(hashes, threshold) : cluster(hashes, threshold);
      walls.add((System.nanoTime() - t0) / 1e9);
      cpus.add((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
    }
    if (clusters < planted) {
      throw new IllegalStateException(
          name + ": " + clusters + " clusters, fewer than the " + planted + " planted groups");
    }
    Result result = new Result(median(walls), median(cpus), clusters);
    System.out.printf(
        Locale.ROOT,
        "%-30s %8.2f s wall (median of %d: %s), CPU s %.2f; %d clusters (%d planted)%n",
        name,
        result.wallSeconds,
        walls.size(),
        walls.stream().map(w -> String.format(Locale.ROOT, "%.2f", w)).toList(),
        result.cpuSeconds,
        clusters,
        planted);
    return result;
  }

  static int cluster(long[] hashes, int threshold) {
    return NearDuplicateClusters.of(hashes, threshold).mergeAll();
  }

  /** Every pair compared once, the same union-find idea: the quadratic baseline. */
  static int rawLoop(long[] hashes, int threshold) {
    int n = hashes.length;
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < n; i++) {
      long h = hashes[i];
      for (int j = i + 1; j < n; j++) {
        if (Long.bitCount(h ^ hashes[j]) <= threshold) {
          int a = find(parent, i);
          int b = find(parent, j);
          if (a != b) {
            parent[Math.max(a, b)] = Math.min(a, b);
          }
        }
      }
    }
    int[] size = new int[n];
    for (int i = 0; i < n; i++) {
      size[find(parent, i)]++;
    }
    int clusters = 0;
    for (int s : size) {
      if (s > 1) {
        clusters++;
      }
    }
    return clusters;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  static int plantedGroups(int n) {
    return (int) (n * PLANTED_SHARE) / GROUP;
  }

  /** Random hashes with planted groups of near copies, shuffled, the same for a seed. */
  static long[] hashes(int n, long seed) {
    Random random = new Random(seed);
    long[] hashes = new long[n];
    int groups = plantedGroups(n);
    int k = 0;
    for (int g = 0; g < groups; g++) {
      long base = random.nextLong();
      hashes[k++] = base;
      for (int c = 1; c < GROUP; c++) {
        hashes[k++] = flip(base, 1 + random.nextInt(4), random);
      }
    }
    while (k < n) {
      hashes[k++] = random.nextLong();
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = hashes[i];
      hashes[i] = hashes[j];
      hashes[j] = t;
    }
    return hashes;
  }

  /** Flips {@code bits} distinct bits: copies are at most 8 apart from each other at 4 each. */
  static long flip(long hash, int bits, Random random) {
    long out = hash;
    int flipped = 0;
    while (flipped < bits) {
      long bit = 1L << random.nextInt(64);
      if (((out ^ hash) & bit) == 0) {
        out ^= bit;
        flipped++;
      }
    }
    return out;
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }
}
