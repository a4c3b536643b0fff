package dev.darkroom.batch.pipeline;

import dev.darkroom.core.run.PendingUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads and processes units until a chunk is full: {@code maxUnits} units, or the first unit that
 * ends after {@code maxTime} has passed since the chunk's first unit started, whichever comes
 * first. A fast tool fills chunks by count; a slow one (video, HEIC, a model) commits each unit's
 * results about {@code maxTime} after they exist instead of after a hundred more units, so the
 * first result of a run is visible in about a second whatever the tool costs.
 *
 * <p>Processing happens here rather than in an {@code ItemProcessor} because Spring Batch's chunk
 * ends only on count: the step's item is a {@link UnitBatch} and its chunk size is one batch.
 * Restart state is the {@link UnitReader}'s (the last key read, saved with every chunk); the units
 * of a batch rolled back are read again because they are still unfinished in {@code run_unit}.
 *
 * <p>A unit cut short by a stop request ({@link UnitStoppedException}) ends the batch without it:
 * the units finished before it are committed, and it stays unfinished for the next launch. The
 * batch may then be empty, which commits nothing; Batch stops the step at that chunk boundary. Not
 * thread-safe; the step reads from one thread.
 */
final class TimedUnitBatchReader implements ItemStreamReader<UnitBatch> {

  private final UnitReader units;
  private final UnitProcessor processor;
  private final int maxUnits;
  private final long maxNanos;
  private final LongSupplier nanoTime;

  TimedUnitBatchReader(
      UnitReader units,
      UnitProcessor processor,
      int maxUnits,
      Duration maxTime,
      LongSupplier nanoTime) {
    if (maxUnits < 1) {
      throw new IllegalArgumentException("a chunk holds at least one unit: " + maxUnits);
    }
    this.units = units;
    this.processor = processor;
    this.maxUnits = maxUnits;
    this.maxNanos = maxTime.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * @return the next batch of processed units, empty only when a stop cut its first unit short;
   *     null when no unfinished unit is left
   */
  @Override
  public @Nullable UnitBatch read() {
    PendingUnit unit = units.read();
    if (unit == null) {
      return null;
    }
    long started = nanoTime.getAsLong();
    List<UnitResult> results = new ArrayList<>();
    while (unit != null) {
      try {
        results.add(processor.process(unit));
      } catch (UnitStoppedException e) {
        // The unit stays unfinished in run_unit; the ones before it are committed, and the step
        // stops at this chunk's boundary even before Batch's own bookkeeping has seen the request.
        terminateStep();
        break;
      }
      if (results.size() >= maxUnits || nanoTime.getAsLong() - started >= maxNanos) {
        break;
      }
      unit = units.read();
    }
    return new UnitBatch(results);
  }

  private static void terminateStep() {
    StepContext context = StepSynchronizationManager.getContext();
    if (context != null) {
      context.getStepExecution().setTerminateOnly();
    }
  }

  @Override
  public void open(ExecutionContext context) {
    units.open(context);
  }

  @Override
  public void update(ExecutionContext context) {
    units.update(context);
  }

  @Override
  public void close() {
    units.close();
  }
}
