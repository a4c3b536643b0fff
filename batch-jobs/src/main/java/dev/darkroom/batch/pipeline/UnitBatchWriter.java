package dev.darkroom.batch.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Writes a chunk of {@link UnitBatch}es through the {@link UnitResultWriter} in the chunk's
 * transaction, tells its listeners ({@link ChunkEvents}, metrics) with the units, and keeps the
 * step's read and write counts in units rather than batches, so Batch's own views count what people
 * count.
 */
final class UnitBatchWriter implements ItemWriter<UnitBatch> {

  private final UnitResultWriter writer;
  private final List<ItemWriteListener<UnitResult>> listeners;

  /**
   * @param listeners told before and after each write with the chunk's units (not its batches)
   */
  UnitBatchWriter(UnitResultWriter writer, List<ItemWriteListener<UnitResult>> listeners) {
    this.writer = writer;
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void write(Chunk<? extends UnitBatch> chunk) throws Exception {
    List<UnitResult> results = new ArrayList<>();
    for (UnitBatch batch : chunk.getItems()) {
      results.addAll(batch.results());
    }
    Chunk<UnitResult> units = new Chunk<>(results);
    for (ItemWriteListener<UnitResult> listener : listeners) {
      listener.beforeWrite(units);
    }
    writer.write(units);
    for (ItemWriteListener<UnitResult> listener : listeners) {
      listener.afterWrite(units);
    }
    countUnits(chunk.size(), results.size());
  }

  /**
   * Batch counts one item per batch; the difference is added here, inside the chunk, so that a
   * rolled-back chunk's counts are restored with the rest of the step's state.
   */
  private static void countUnits(int batches, int units) {
    StepContext context = StepSynchronizationManager.getContext();
    if (context == null || units == batches) {
      return;
    }
    StepExecution step = context.getStepExecution();
    step.setReadCount(step.getReadCount() + units - batches);
    step.setWriteCount(step.getWriteCount() + units - batches);
  }
}
