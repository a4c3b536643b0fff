package dev.darkroom.batch.pipeline;

import dev.darkroom.core.run.DurationHistogram;
import dev.darkroom.core.run.TimingsRepository;
import dev.darkroom.core.run.TimingsRepository.ToolKey;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Collects one partition job's tool tries and chunk write times and adds them to PostgreSQL ({@link
 * TimingsRepository}) at the end of each chunk's write, inside the chunk transaction (ADR 0023):
 * the timings commit exactly when the chunk's units do, in whatever process runs the job, and the
 * server exports them. Tries of a chunk that rolls back are dropped with it (its units are tried
 * again and counted then). One instance per job execution.
 */
final class PartitionTimings implements ToolRunner.Observer, ItemWriteListener<UnitResult> {

  private final TimingsRepository repository;
  private final String pipeline;
  private final String launcher;
  private final int partitionNo;
  private Map<ToolKey, DurationHistogram> tools = new HashMap<>();
  private long writeStarted;

  PartitionTimings(
      TimingsRepository repository, String pipeline, String launcher, int partitionNo) {
    this.repository = repository;
    this.pipeline = pipeline;
    this.launcher = launcher;
    this.partitionNo = partitionNo;
  }

  @Override
  public synchronized void tried(Tool tool, ToolResult result, boolean threw, Duration took) {
    tools
        .computeIfAbsent(
            new ToolKey(tool.id(), tool.version(), outcome(result, threw)),
            k -> new DurationHistogram())
        .observe(took);
  }

  @Override
  public void beforeWrite(Chunk<? extends UnitResult> chunk) {
    writeStarted = System.nanoTime();
  }

  /**
   * Still inside the chunk transaction: adds its tool tries and its write time (store puts, rows,
   * unit statuses; the commit itself cannot time itself).
   */
  @Override
  public void afterWrite(Chunk<? extends UnitResult> chunk) {
    Map<ToolKey, DurationHistogram> tried;
    synchronized (this) {
      tried = tools;
      tools = new HashMap<>();
    }
    if (chunk.isEmpty() || !TransactionSynchronizationManager.isActualTransactionActive()) {
      return;
    }
    DurationHistogram write = new DurationHistogram();
    write.observe(Duration.ofNanos(System.nanoTime() - writeStarted));
    repository.addToolTimings(pipeline, launcher, partitionNo, tried);
    repository.addChunkTiming(pipeline, launcher, partitionNo, write);
  }

  static String outcome(ToolResult result, boolean threw) {
    if (threw) {
      return "error";
    }
    if (result instanceof ToolResult.Success) {
      return "success";
    }
    if (result instanceof ToolResult.Skipped) {
      return "skipped";
    }
    return "failed";
  }
}
