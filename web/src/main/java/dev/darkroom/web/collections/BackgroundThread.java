package dev.darkroom.web.collections;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named daemon thread of the server that runs a task every {@code interval} (a fixed delay
 * after each run) between {@link #start} and {@link #stop}, and takes one-off tasks in between. A
 * zero interval starts the thread without the repeating task (one-off tasks still run). The task
 * catches its own failures: one that escapes ends the repetition, as for any scheduled task.
 */
final class BackgroundThread {

  private static final Logger log = LoggerFactory.getLogger(BackgroundThread.class);

  private final String name;
  private final Duration interval;
  private final Runnable task;
  private final String offMessage;
  private volatile @Nullable ScheduledExecutorService executor;

  /**
   * @param offMessage logged at start when {@code interval} is zero
   */
  BackgroundThread(String name, Duration interval, Runnable task, String offMessage) {
    this.name = name;
    this.interval = interval;
    this.task = task;
    this.offMessage = offMessage;
  }

  synchronized void start() {
    if (executor != null) {
      return;
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, name);
              thread.setDaemon(true);
              return thread;
            });
    if (interval.isZero()) {
      log.info(offMessage);
    } else {
      scheduler.scheduleWithFixedDelay(
          task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    executor = scheduler;
  }

  /** Interrupts what runs now and waits up to 30 s for it to end. */
  synchronized void stop() {
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

  boolean isRunning() {
    return executor != null;
  }

  /** Queues a one-off task on the thread; false when it is not running (or stopping). */
  boolean execute(Runnable oneOff) {
    ScheduledExecutorService scheduler = executor;
    if (scheduler == null) {
      return false;
    }
    try {
      scheduler.execute(oneOff);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }
}
