package dev.darkroom.batch.pipeline;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A partition's request to stop, carried to the tool that is running when it comes. Spring Batch
 * stops a step only at a chunk boundary, which a tool waiting on a child process (ffmpeg on a
 * 10-hour video, heif-convert on a hung file) would hold off until its timeout. A request
 * interrupts the thread inside the tool — {@code Ffmpeg} and {@code HeifConvert} then kill their
 * child with its descendants, wait for it and delete their temporary files — and the unit ends as
 * {@link UnitStoppedException}: neither done nor failed, still unfinished in {@code run_unit}, so
 * the next launch of the partition processes it.
 *
 * <p>Only a thread inside {@link #call} is ever interrupted, and its interrupt status is cleared
 * before the call returns: Spring Batch reads an interrupted thread as a stop of its own and would
 * otherwise end the step without writing the units the chunk already holds. Thread-safe.
 */
final class StopSignal {

  private boolean requested;
  private @Nullable Thread inTool;

  /** Asks the partition to stop; interrupts the tool running now, if any. Idempotent. */
  synchronized void request() {
    if (requested) {
      return;
    }
    requested = true;
    if (inTool != null) {
      inTool.interrupt();
    }
  }

  /** Whether a stop was requested. */
  synchronized boolean requested() {
    return requested;
  }

  /**
   * Runs one tool call on this thread.
   *
   * @throws UnitStoppedException if a stop was requested before or while it ran; what it returned
   *     is discarded, since an interrupted tool's result (a killed ffmpeg's error) is not the
   *     unit's
   */
  <T> T call(Supplier<T> tool) {
    synchronized (this) {
      if (requested) {
        throw new UnitStoppedException();
      }
      inTool = Thread.currentThread();
    }
    T result;
    try {
      result = tool.get();
    } finally {
      boolean stopped;
      synchronized (this) {
        inTool = null;
        stopped = requested;
      }
      if (stopped) {
        Thread.interrupted(); // the interrupt was the tool's; Batch must not see it
      }
    }
    if (requested()) {
      throw new UnitStoppedException();
    }
    return result;
  }
}
