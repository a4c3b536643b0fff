package dev.darkroom.storage.maintenance;

import dev.darkroom.core.storage.ArtifactSweeper;
import dev.darkroom.core.storage.SweepReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Retention, enforced: runs the {@link ArtifactSweeper} every {@code interval} (with a fixed delay
 * between the end of one sweep and the start of the next, so sweeps never overlap), from the
 * server's start to its stop. Expired sandbox artifacts and unreferenced blobs older than the grace
 * period go; nothing a live row references is touched (the sweeper's rules).
 *
 * <p>A plain single-thread scheduler in the server, not a Temporal schedule: retention must work on
 * every Temporal mode (the in-process fallback has no Schedules), a sweep is idempotent and safe
 * beside another server's (rows are locked with SKIP LOCKED, blobs deleted only if unmodified since
 * the grace cutoff), so nothing needs Temporal's durability; and not Spring's {@code @Scheduled},
 * which would switch scheduling on for every context that imports the storage configuration (worker
 * processes included).
 *
 * <p>Metrics, beside the store decorator's {@code darkroom_sweeper_freed_bytes_total} and {@code
 * darkroom_sweeper_deleted_blobs_total}: {@code darkroom_sweeper_expired_artifacts_total} (rows),
 * {@code darkroom_sweeper_orphans_deleted_total}, {@code darkroom_sweeper_runs_total{outcome}} and
 * {@code darkroom_sweeper_last_success_seconds} (epoch seconds of the last sweep that finished).
 */
public class ArtifactSweepSchedule implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ArtifactSweepSchedule.class);

  private final ArtifactSweeper sweeper;
  private final Duration interval;
  private final Duration initialDelay;
  private final @Nullable MeterRegistry meters;
  private final AtomicLong lastSuccess = new AtomicLong();
  private final AtomicReference<@Nullable SweepReport> lastReport = new AtomicReference<>();
  private final AtomicLong sweeps = new AtomicLong();
  private volatile @Nullable ScheduledExecutorService executor;

  /**
   * @param interval time between sweeps; zero or negative turns the schedule off
   * @param initialDelay time from start to the first sweep
   */
  public ArtifactSweepSchedule(
      ArtifactSweeper sweeper,
      Duration interval,
      Duration initialDelay,
      @Nullable MeterRegistry meters) {
    this.sweeper = sweeper;
    this.interval = interval;
    this.initialDelay = initialDelay;
    this.meters = meters;
    if (meters != null) {
      Gauge.builder("darkroom.sweeper.last.success", lastSuccess, AtomicLong::get)
          .description("When the last artifact sweep finished, epoch seconds (0: none yet)")
          .baseUnit("seconds")
          .register(meters);
    }
  }

  /** Runs one sweep now, on the caller's thread, counting and logging it like a scheduled one. */
  public @Nullable SweepReport sweepOnce() {
    try {
      SweepReport report = sweeper.sweep();
      lastReport.set(report);
      lastSuccess.set(Instant.now().getEpochSecond());
      sweeps.incrementAndGet();
      count("runs", "success", 1);
      count("expired.artifacts", null, report.expiredRowsDeleted());
      count("orphans.deleted", null, report.orphansDeleted());
      return report;
    } catch (RuntimeException e) {
      // The next sweep tries again; a database or store outage must not end the schedule.
      count("runs", "failure", 1);
      log.warn("Artifact sweep failed; the next one is in {}: {}", interval, e.toString());
      return null;
    }
  }

  /** The last finished sweep's report; null before the first. */
  public @Nullable SweepReport lastReport() {
    return lastReport.get();
  }

  /** How many sweeps finished since start. */
  public long sweeps() {
    return sweeps.get();
  }

  private void count(String name, @Nullable String outcome, long amount) {
    if (meters == null || amount == 0) {
      return;
    }
    Counter.Builder counter = Counter.builder("darkroom.sweeper." + name);
    if (outcome != null) {
      counter.tag("outcome", outcome);
    }
    counter.register(meters).increment(amount);
  }

  @Override
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    if (interval.isZero() || interval.isNegative()) {
      log.info("Artifact sweeps are off (darkroom.storage.sweeper.interval={})", interval);
      return;
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "artifact-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::sweepOnce, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    executor = scheduler;
    log.info("Artifact sweeps every {}, the first in {}", interval, initialDelay);
  }

  @Override
  public synchronized void stop() {
    ScheduledExecutorService scheduler = executor;
    executor = null;
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
