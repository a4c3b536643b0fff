package dev.darkroom.bench.runs;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * CPU seconds used by this JVM, by the embedded PostgreSQL processes and by the Temporal dev server
 * since the last snapshot: on a small machine they share the same cores, so this says where a
 * case's time went.
 */
final class CpuMeter {

  private final int postgresPort;
  private double jvm;
  private double postgres;
  private double temporal;

  /**
   * @param postgresPort the embedded server's port: its postmaster is the process started with
   *     {@code -p <port>}, and its backends are that process's children
   */
  CpuMeter(int postgresPort) {
    this.postgresPort = postgresPort;
    snapshot();
  }

  /** CPU seconds since the previous call (or construction): JVM, PostgreSQL, Temporal server. */
  String since() {
    double jvm0 = jvm;
    double pg0 = postgres;
    double t0 = temporal;
    snapshot();
    return String.format(
        Locale.ROOT,
        "CPU s: JVM %.1f, PostgreSQL %s, Temporal server %.1f",
        jvm - jvm0,
        postgres < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", postgres - pg0),
        temporal - t0);
  }

  private void snapshot() {
    jvm =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9;
    // The dev server is a child (through the CLI's launcher) of this JVM.
    temporal = ProcessHandle.current().descendants().mapToDouble(CpuMeter::cpu).sum();
    String port = "-p " + postgresPort;
    postgres =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().orElse("").contains(port))
            .filter(p -> p.info().command().orElse("").endsWith("postgres"))
            .findFirst()
            .map(p -> cpu(p) + p.descendants().mapToDouble(CpuMeter::cpu).sum())
            .orElse(-1.0);
  }

  private static double cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
  }
}
