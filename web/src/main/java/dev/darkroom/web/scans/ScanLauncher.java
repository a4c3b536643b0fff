package dev.darkroom.web.scans;

import dev.darkroom.batch.scan.ScanFailedException;
import dev.darkroom.batch.scan.ScanProgress;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.core.catalog.ScanAlreadyRunningException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a catalog scan in the background and answers with its id as soon as its row exists. What
 * stops a scan before it starts (another scan holds the lock, no roots, a root not mounted) is
 * thrown to the caller; what happens later is in the scan's report.
 */
@Component
class ScanLauncher implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ScanLauncher.class);

  /** How long the scan may take to get past its checks and write its row. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final ScanService scans;
  // One scan at a time in this process; a second request is refused at once, not queued.
  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          runnable -> {
            Thread thread = new Thread(runnable, "api-scan");
            thread.setDaemon(true);
            return thread;
          });

  ScanLauncher(ScanService scans) {
    this.scans = scans;
  }

  /**
   * @param allowMassGone see {@link ScanService#scan(boolean, boolean, ScanProgress.Listener,
   *     java.util.function.LongConsumer)}
   * @return the new (or resumed) scan's id
   * @throws ScanAlreadyRunningException when a scan is running, here or in another process
   */
  long start(boolean full, boolean allowMassGone) {
    CompletableFuture<Long> started = new CompletableFuture<>();
    try {
      executor.execute(() -> scan(full, allowMassGone, started));
    } catch (RejectedExecutionException e) {
      throw new ScanAlreadyRunningException();
    }
    try {
      return started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting a scan", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the scan did not start within " + START_TIMEOUT + "; see the server log", e);
    }
  }

  private void scan(boolean full, boolean allowMassGone, CompletableFuture<Long> started) {
    try {
      scans.scan(full, allowMassGone, ScanProgress.Listener.NONE, started::complete);
    } catch (ScanFailedException e) {
      log.warn("Scan #{} failed: {}", e.report().id(), e.getMessage());
      started.completeExceptionally(e);
    } catch (RuntimeException e) {
      if (!started.completeExceptionally(e)) {
        log.error("A scan started from the API failed", e);
      }
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
