package dev.darkroom.orchestrator.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link WorkerFactory} after every bean exists (workers can only be added before the
 * start) and shuts it down, letting running activity tasks finish briefly, before the server goes.
 *
 * <p>A Temporal that cannot be reached at start-up (a remote frontend that is down) does not stop
 * the application: {@link WorkerFactory#start()} asks the server for its namespace first and would
 * fail the whole start. The server then starts without polling workers (health says Temporal is
 * down, reads work, run mutations answer 503), and the factory is started as soon as Temporal
 * answers, tried every {@link #RETRY_INTERVAL}; {@link #whenConnected} callbacks then run.
 */
public final class WorkerFactoryLifecycle implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(WorkerFactoryLifecycle.class);

  // Late start and early stop: polling begins when the rest of the application is ready.
  private static final int PHASE = Integer.MAX_VALUE - 1000;
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  /** How often an unreachable Temporal is tried again: about one dev-server restart. */
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

  private final WorkerFactory factory;
  private final BooleanSupplier reachable;
  private final String target;
  private final List<Runnable> onConnected = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private volatile boolean connected;
  private @Nullable ScheduledExecutorService retries;

  /** For a server that is always there (the in-process test server, tests). */
  public WorkerFactoryLifecycle(WorkerFactory factory) {
    this(factory, () -> true, "Temporal");
  }

  /**
   * @param reachable answers at once whether Temporal can be reached ({@code
   *     TemporalEndpoint::reachable})
   * @param target where Temporal is, for the log
   */
  public WorkerFactoryLifecycle(WorkerFactory factory, BooleanSupplier reachable, String target) {
    this.factory = factory;
    this.reachable = reachable;
    this.target = target;
  }

  @Override
  public synchronized void start() {
    running = true;
    if (tryStart(true)) {
      return;
    }
    log.warn(
        "Temporal is not reachable at {}: the server starts without its run workers (health shows"
            + " Temporal DOWN, starting, pausing or cancelling runs answers 503) and connects as"
            + " soon as Temporal answers, trying every {} s",
        target,
        RETRY_INTERVAL.toSeconds());
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "temporal-worker-connect");
              thread.setDaemon(true);
              return thread;
            });
    retries = executor;
    executor.scheduleWithFixedDelay(
        () -> {
          if (tryStart(false)) {
            log.info("Temporal at {} answers again: run workers started", target);
            executor.shutdown();
          }
        },
        RETRY_INTERVAL.toMillis(),
        RETRY_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Starts the factory if Temporal answers. At the first try a failure other than "unavailable" (a
   * missing namespace, bad credentials) fails the start-up: that is configuration to fix.
   */
  private synchronized boolean tryStart(boolean first) {
    if (connected) {
      return true;
    }
    if (!running || !reachable.getAsBoolean()) {
      return false;
    }
    try {
      factory.start();
    } catch (RuntimeException e) {
      if (!unavailable(e)) {
        if (first) {
          throw e;
        }
        log.warn("Starting the run workers failed; trying again: {}", e.getMessage());
      }
      return false;
    }
    connected = true;
    for (Runnable callback : onConnected) {
      runCallback(callback);
    }
    return true;
  }

  /**
   * Runs {@code callback} once the workers poll: at once if they already do, else when Temporal
   * answers. A callback's failure is logged, never thrown.
   */
  public synchronized void whenConnected(Runnable callback) {
    if (connected) {
      runCallback(callback);
    } else {
      onConnected.add(callback);
    }
  }

  /** Whether the workers poll (the factory started). */
  public boolean connected() {
    return connected;
  }

  private static void runCallback(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.error("A task waiting for Temporal failed", e);
    }
  }

  static boolean unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        Status.Code code = grpc.getStatus().getCode();
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
      }
    }
    return false;
  }

  @Override
  public void stop() {
    ScheduledExecutorService executor;
    synchronized (this) {
      running = false;
      executor = retries;
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    factory.shutdown();
    if (connected) {
      factory.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
