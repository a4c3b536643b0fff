package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.ProblemKind;
import dev.darkroom.core.catalog.ScanReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The scan's meters: {@code darkroom_scan_files_total}, {@code darkroom_scan_hashed_bytes_total},
 * {@code darkroom_scan_problems_total{kind}} and {@code darkroom_scans_total{status}}, counted when
 * a scan ends (from its report), and {@code darkroom_scan_entries}, the directory entries the
 * running scan has committed so far (0 when none runs).
 */
@Component
public class ScanMetrics {

  private final MeterRegistry registry;
  private final AtomicLong entries = new AtomicLong();
  private final Counter files;
  private final Counter bytes;
  private final Map<ProblemKind, Counter> problems = new EnumMap<>(ProblemKind.class);

  @Autowired
  ScanMetrics(ObjectProvider<MeterRegistry> registry) {
    this(registry.getIfAvailable(() -> Metrics.globalRegistry));
  }

  public ScanMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("darkroom.scan.entries", entries, AtomicLong::get)
        .description("Directory entries the running scan has committed so far")
        .register(registry);
    files =
        Counter.builder("darkroom.scan.files")
            .description("Files seen by finished scans")
            .register(registry);
    bytes =
        Counter.builder("darkroom.scan.hashed")
            .description("Bytes read and hashed by finished scans")
            .baseUnit("bytes")
            .register(registry);
    for (ProblemKind kind : ProblemKind.values()) {
      problems.put(
          kind,
          Counter.builder("darkroom.scan.problems")
              .description("Entries a scan listed as problems instead of cataloguing them")
              .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
              .register(registry));
    }
  }

  /** Wraps a scan's listener so that the progress gauge follows it. */
  ScanProgress.Listener following(ScanProgress.Listener listener) {
    entries.set(0);
    return progress -> {
      entries.set(progress.entries());
      listener.onChunkCommitted(progress);
    };
  }

  /** Counts a scan that ended, whatever its status. */
  void ended(ScanReport report) {
    entries.set(0);
    files.increment(report.filesSeen());
    bytes.increment(report.bytesHashed());
    // The report carries the first problems only (a few hundred); enough to see which kinds occur.
    for (ScanReport.ScanProblem problem : report.problemList()) {
      problems.get(problem.kind()).increment();
    }
    Counter.builder("darkroom.scans")
        .description("Scans that ended, by status")
        .tag("status", report.status().name().toLowerCase(java.util.Locale.ROOT))
        .register(registry)
        .increment();
  }
}
