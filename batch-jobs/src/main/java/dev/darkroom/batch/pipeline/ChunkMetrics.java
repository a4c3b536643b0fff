package dev.darkroom.batch.pipeline;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts a partition job's units, only once the chunk has committed: a rolled-back chunk counts
 * nothing (its units are read again). One instance per job execution, used by the job's one thread.
 */
final class ChunkMetrics implements ItemWriteListener<UnitResult> {

  private final PipelineMetrics metrics;
  private final String pipeline;

  ChunkMetrics(PipelineMetrics metrics, String pipeline) {
    this.metrics = metrics;
    this.pipeline = pipeline;
  }

  @Override
  public void afterWrite(Chunk<? extends UnitResult> chunk) {
    if (chunk.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    long done = 0;
    long failed = 0;
    long skipped = 0;
    for (UnitResult result : chunk.getItems()) {
      switch (result.status()) {
        case DONE -> done++;
        case FAILED -> failed++;
        case SKIPPED -> skipped++;
        default -> {}
      }
    }
    long doneUnits = done;
    long failedUnits = failed;
    long skippedUnits = skipped;
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            metrics.unitsCommitted(pipeline, "done", doneUnits);
            metrics.unitsCommitted(pipeline, "failed", failedUnits);
            metrics.unitsCommitted(pipeline, "skipped", skippedUnits);
          }
        });
  }
}
