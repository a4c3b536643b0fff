package dev.darkroom.orchestrator.temporal;

import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link WorkerFactory} after every bean exists (workers can only be added before the
 * start) and shuts it down, letting running activity tasks finish briefly, before the server goes.
 */
public final class WorkerFactoryLifecycle implements SmartLifecycle {

  // Late start and early stop: polling begins when the rest of the application is ready.
  private static final int PHASE = Integer.MAX_VALUE - 1000;
  private static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final WorkerFactory factory;

  public WorkerFactoryLifecycle(WorkerFactory factory) {
    this.factory = factory;
  }

  @Override
  public void start() {
    factory.start();
  }

  @Override
  public void stop() {
    factory.shutdown();
    factory.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public boolean isRunning() {
    return factory.isStarted() && !factory.isShutdown() && !factory.isTerminated();
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
