package dev.darkroom.batch.pipeline;

import dev.darkroom.core.events.ChunkCommitted;
import dev.darkroom.core.events.RunEvent;
import dev.darkroom.core.events.RunEvents;
import dev.darkroom.core.events.UnitFailed;
import dev.darkroom.core.events.UnitTally;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.core.run.UnitStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes a {@link ChunkCommitted} for each chunk of a partition's job, and a {@link UnitFailed}
 * for each of its failed units, once the chunk has committed; a rolled-back chunk publishes
 * nothing. Registered on the step as an item write listener: {@code afterWrite} runs in the chunk's
 * transaction right after {@link UnitResultWriter}, and registers the publication for after the
 * commit.
 *
 * <p>The partition's totals are read from {@code run_unit} once per execution (inside the first
 * chunk's transaction, so they include it) and then kept up to date from the committed chunks: only
 * this job finishes the partition's units.
 */
final class ChunkEvents implements ItemWriteListener<UnitResult> {

  private static final Logger log = LoggerFactory.getLogger(ChunkEvents.class);

  private final long runId;
  private final int partitionNo;
  private final RunEvents events;
  private final RunUnitRepository units;
  private @Nullable UnitTally committed;
  private long partitionUnits;

  ChunkEvents(long runId, int partitionNo, RunEvents events, RunUnitRepository units) {
    this.runId = runId;
    this.partitionNo = partitionNo;
    this.events = events;
    this.units = units;
  }

  @Override
  public void afterWrite(Chunk<? extends UnitResult> chunk) {
    List<? extends UnitResult> results = chunk.getItems();
    if (results.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    UnitTally tally = tally(results);
    UnitTally totals;
    long unitsTotal;
    UnitTally before = committed;
    if (before == null) {
      UnitCounts counts = units.counts(runId, partitionNo);
      totals = new UnitTally(counts.done(), counts.failed(), counts.skipped());
      unitsTotal = counts.total();
    } else {
      totals = before.plus(tally);
      unitsTotal = partitionUnits;
    }
    List<UnitResult> failed = new ArrayList<>();
    for (UnitResult result : results) {
      if (result.status() == UnitStatus.FAILED) {
        failed.add(result);
      }
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            committed = totals;
            partitionUnits = unitsTotal;
            Instant at = Instant.now();
            publish(new ChunkCommitted(runId, partitionNo, tally, totals, unitsTotal, at));
            for (UnitResult result : failed) {
              String reason = result.error() == null ? "failed" : result.error();
              publish(
                  new UnitFailed(
                      runId, result.unit().unitKey(), result.unit().assetId(), reason, at));
            }
          }
        });
  }

  private void publish(RunEvent event) {
    try {
      events.publish(event);
    } catch (RuntimeException e) {
      log.warn("Could not publish {}: {}", event, e.toString());
    }
  }

  private static UnitTally tally(List<? extends UnitResult> results) {
    long done = 0;
    long failed = 0;
    long skipped = 0;
    for (UnitResult result : results) {
      switch (result.status()) {
        case DONE:
          done++;
          break;
        case FAILED:
          failed++;
          break;
        case SKIPPED:
          skipped++;
          break;
        default:
          break;
      }
    }
    return new UnitTally(done, failed, skipped);
  }
}
