package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.CatalogWriter;
import dev.darkroom.core.catalog.ScannedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies a chunk to the catalog inside the chunk's transaction, and reports progress once that
 * transaction has committed (a rolled-back chunk reports nothing).
 */
class ScanItemWriter implements ItemWriter<ScanOutcome> {

  private final CatalogWriter catalog;
  private final long scanId;
  private final ScanProgress.Listener listener;
  private final AtomicLong committed = new AtomicLong();

  ScanItemWriter(CatalogWriter catalog, long scanId, ScanProgress.Listener listener) {
    this.catalog = catalog;
    this.scanId = scanId;
    this.listener = listener;
  }

  @Override
  public void write(Chunk<? extends ScanOutcome> chunk) {
    List<ScannedFile> items = new ArrayList<>(chunk.size() + 8);
    long entries = 0;
    String last = null;
    for (ScanOutcome outcome : chunk.getItems()) {
      if (outcome.entry() != null) {
        items.add(outcome.entry());
        last = outcome.entry().relPath();
      }
      items.addAll(outcome.marks());
      entries += outcome.entries();
    }
    catalog.apply(scanId, items);
    if (entries == 0 || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    long size = entries;
    String lastPath = last;
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            listener.onChunkCommitted(
                new ScanProgress(scanId, committed.addAndGet(size), lastPath));
          }
        });
  }
}
