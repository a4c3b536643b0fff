package dev.darkroom.bench.runs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * CPU seconds used by this JVM (and the part of it the JIT compiler took), by the embedded
 * PostgreSQL processes and by the Temporal dev server since the last snapshot: on a small machine
 * they share the same cores, so this says where a case's time went, and a run is charged for all
 * three.
 *
 * <p>What it counts: the JVM is the whole process (every thread: partitions, JIT compiler and
 * garbage collector threads, Temporal's pollers and gRPC, the benchmark's own first-artifact
 * poller). PostgreSQL is its postmaster (the process started with {@code -p <port>}, which is not a
 * child of this JVM) plus its live children: the pooled backends, which live through a case, and
 * the checkpointer, WAL writer and other background processes. A backend or autovacuum worker that
 * ends between two snapshots is not counted (its CPU goes to the postmaster's children's time,
 * which {@code totalCpuDuration} leaves out), so PostgreSQL's figure can only be low. The third
 * figure is this JVM's child processes: the Temporal dev server and, with the process launcher, the
 * worker JVMs, those that ended included.
 */
public final class CpuMeter {

  /** CPU seconds of one case; {@code postgres} and {@code jit} are -1 where unknown. */
  public record Cpu(double jvm, double jit, double postgres, double temporal) {

    /** Everything the case cost: the JVM, PostgreSQL and the Temporal server. */
    public double total() {
      return jvm + Math.max(0, postgres) + temporal;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "CPU s %.1f = JVM %.1f (JIT %s) + PostgreSQL %s + Temporal server and worker JVMs %.1f",
          total(),
          jvm,
          jit < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", jit),
          postgres < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", postgres),
          temporal);
    }
  }

  private final int postgresPort;
  private double jvm;
  private double postgres;
  private double temporal;
  private double jit;

  /** USER_HZ, 100 on every Linux platform Darkroom runs on. */
  private static final double CLOCK_TICKS_PER_SECOND = 100;

  /**
   * @param postgresPort the embedded server's port: its postmaster is the process started with
   *     {@code -p <port>}, and its backends are that process's children
   */
  public CpuMeter(int postgresPort) {
    this.postgresPort = postgresPort;
    snapshot();
  }

  /** CPU seconds since the previous call (or construction): JVM, PostgreSQL, Temporal server. */
  public Cpu since() {
    double jvm0 = jvm;
    double pg0 = postgres;
    double t0 = temporal;
    double jit0 = jit;
    snapshot();
    return new Cpu(
        jvm - jvm0, jit < 0 ? -1 : jit - jit0, postgres < 0 ? -1 : postgres - pg0, temporal - t0);
  }

  private void snapshot() {
    jit = compilerThreadsCpu();
    jvm =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    // The dev server is a child (through the CLI's launcher) of this JVM; so are worker JVMs of the
    // process launcher, counted here while they live and, once they exited and were reaped, in
    // this process's cutime + cstime: without those a process-launcher run looked almost free.
    temporal =
        ProcessHandle.current().descendants().mapToDouble(CpuMeter::cpu).sum() + reapedChildren();
    // With the space after it, so that port 4123 does not also match another helper's 41234.
    String port = "-p " + postgresPort + " ";
    postgres =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().orElse("").contains(port))
            .filter(p -> p.info().command().orElse("").endsWith("postgres"))
            .findFirst()
            .map(p -> cpu(p) + p.descendants().mapToDouble(CpuMeter::cpu).sum())
            .orElse(-1.0);
  }

  /** CPU seconds of this JVM's children that have ended and been waited for (0 without /proc). */
  private static double reapedChildren() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name (which may hold spaces) start at field 3 (state);
      // cutime and cstime are fields 16 and 17.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * CPU seconds of this JVM's JIT compiler threads ({@code C1/C2 CompilerThread}, from {@code
   * /proc/self/task}; -1 where there is no /proc): a case that still pays the JIT competes with its
   * own compilation for the cores. (The CompilationMXBean's figure is elapsed time, which a busy
   * machine inflates.)
   */
  private static double compilerThreadsCpu() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    double ticks = 0;
    try (Stream<Path> all = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) all::iterator) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.contains("CompilerThre")) {
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks / CLOCK_TICKS_PER_SECOND;
  }

  private static double cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
  }
}
