package dev.darkroom.batch.pipeline;

import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tool on one unit: a transient failure ({@code Failed} with {@code retryable}) is tried
 * again after a doubling backoff, up to {@code maxTries} in all; an exception from a tool (a bug,
 * not a bad file) fails that unit only, with the exception as its reason. A stop requested through
 * the {@link StopSignal} interrupts the tool and ends the unit with {@link UnitStoppedException}
 * instead of a result, and no further try is made. Thread-safe.
 */
final class ToolRunner {

  private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

  private final int maxTries;
  private final Duration firstBackoff;
  private final Observer observer;
  private final StopSignal stop;

  /** Told the outcome and duration of every try; must return quickly. */
  @FunctionalInterface
  interface Observer {
    void tried(Tool tool, ToolResult result, boolean threw, Duration took);

    Observer NONE = (tool, result, threw, took) -> {};
  }

  ToolRunner(int maxTries, Duration firstBackoff) {
    this(maxTries, firstBackoff, Observer.NONE);
  }

  ToolRunner(int maxTries, Duration firstBackoff, Observer observer) {
    this(maxTries, firstBackoff, observer, new StopSignal());
  }

  ToolRunner(int maxTries, Duration firstBackoff, Observer observer, StopSignal stop) {
    if (maxTries < 1) {
      throw new IllegalArgumentException("at least one try: " + maxTries);
    }
    this.maxTries = maxTries;
    this.firstBackoff = firstBackoff;
    this.observer = observer;
    this.stop = stop;
  }

  /** The outcome of a tool for a unit and how many tries it took. */
  record Attempt(ToolResult result, int tries) {}

  /**
   * @throws UnitStoppedException if the partition was asked to stop before or while the tool ran
   */
  Attempt run(Tool tool, ToolInput input) {
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      long started = System.nanoTime();
      Guarded guarded = processGuarded(tool, input);
      ToolResult result = guarded.result();
      observer.tried(tool, result, guarded.threw(), Duration.ofNanos(System.nanoTime() - started));
      if (!(result instanceof ToolResult.Failed failed)
          || !failed.retryable()
          || attempt >= maxTries) {
        return new Attempt(result, attempt);
      }
      log.debug(
          "{} on asset {} failed transiently ({}), try {} of {} in {}",
          tool.id(),
          input.assetId(),
          failed.reason(),
          attempt + 1,
          maxTries,
          backoff);
      sleep(backoff);
      backoff = backoff.multipliedBy(2);
    }
  }

  /** A tool's result, and whether it came from an exception the tool threw. */
  private record Guarded(ToolResult result, boolean threw) {}

  private Guarded processGuarded(Tool tool, ToolInput input) {
    try {
      return new Guarded(stop.call(() -> tool.process(input)), false);
    } catch (UnitStoppedException | InvalidToolParametersException e) {
      // Invalid parameters are a fault of the whole run, resolved before it started; never one
      // unit's. A stop is nobody's fault: the unit is left for the next launch.
      throw e;
    } catch (RuntimeException e) {
      if (stop.requested()) {
        throw new UnitStoppedException(); // the interrupt broke the tool; not the unit's error
      }
      log.warn("Tool {} threw on asset {}; the unit fails", tool.id(), input.assetId(), e);
      return new Guarded(
          ToolResult.failed("tool " + tool.id() + " failed unexpectedly: " + e), true);
    }
  }

  private void sleep(Duration duration) {
    if (stop.requested()) {
      throw new UnitStoppedException();
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while backing off", e);
    }
  }
}
