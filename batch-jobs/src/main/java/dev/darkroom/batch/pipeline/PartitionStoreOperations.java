package dev.darkroom.batch.pipeline;

import dev.darkroom.core.run.DurationHistogram;
import dev.darkroom.core.run.StoreOperationStatsRepository;
import dev.darkroom.core.run.StoreOperationStatsRepository.StoreCalls;
import dev.darkroom.core.run.StoreOperationStatsRepository.StoreOperationKey;
import dev.darkroom.storage.metrics.ObservedArtifactStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Collects the artifact store calls of one partition job that runs in a worker JVM (the {@code
 * process} and {@code kubernetes} launchers: their meter registry is never scraped) and adds them
 * to PostgreSQL ({@link StoreOperationStatsRepository}) the ADR 0023 way, so the server exports
 * them as {@code darkroom_worker_store_*}.
 *
 * <p>Every call is counted once: at the end of a chunk's write, inside its transaction, the calls
 * made since the last committed chunk are added; if that transaction rolls back they are kept and
 * go with the next chunk that commits, or, if none does, at the job's end in a transaction of their
 * own. So a put whose chunk rolled back (an orphan blob for the sweeper) and, above all, a failed
 * call that made the chunk fail are counted: store errors of workers must reach the alerting side.
 * Lost only when the worker dies (kill -9, OOM) before either. One instance per job execution.
 */
final class PartitionStoreOperations
    implements ObservedArtifactStore.Observer, ItemWriteListener<UnitResult>, JobExecutionListener {

  private final StoreOperationStatsRepository repository;
  private final TransactionTemplate ownTransaction;
  private final String store;
  private final String launcher;
  private final int partitionNo;
  private Map<StoreOperationKey, Calls> pending = new HashMap<>();

  PartitionStoreOperations(
      StoreOperationStatsRepository repository,
      PlatformTransactionManager transactionManager,
      String store,
      String launcher,
      int partitionNo) {
    this.repository = repository;
    this.ownTransaction = new TransactionTemplate(transactionManager);
    this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.store = store;
    this.launcher = launcher;
    this.partitionNo = partitionNo;
  }

  @Override
  public synchronized void called(String operation, String outcome, Duration took, long bytes) {
    Calls calls =
        pending.computeIfAbsent(new StoreOperationKey(store, operation, outcome), k -> new Calls());
    calls.durations.observe(took);
    calls.bytes += bytes;
  }

  /** Still inside the chunk transaction: adds the calls since the last commit. */
  @Override
  public void afterWrite(Chunk<? extends UnitResult> chunk) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return; // kept for the job's end
    }
    Map<StoreOperationKey, Calls> taken = take();
    if (taken.isEmpty()) {
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            if (status != STATUS_COMMITTED) {
              giveBack(taken);
            }
          }
        });
    repository.add(launcher, partitionNo, view(taken));
  }

  /** Calls that no committed chunk carried (its chunks rolled back, or the job failed). */
  @Override
  public void afterJob(JobExecution jobExecution) {
    Map<StoreOperationKey, Calls> left = take();
    if (!left.isEmpty()) {
      ownTransaction.executeWithoutResult(
          status -> repository.add(launcher, partitionNo, view(left)));
    }
  }

  private synchronized Map<StoreOperationKey, Calls> take() {
    Map<StoreOperationKey, Calls> taken = pending;
    pending = new HashMap<>();
    return taken;
  }

  private synchronized void giveBack(Map<StoreOperationKey, Calls> taken) {
    taken.forEach(
        (key, calls) ->
            pending.merge(
                key,
                calls,
                (mine, theirs) -> {
                  mine.durations.add(theirs.durations);
                  mine.bytes += theirs.bytes;
                  return mine;
                }));
  }

  private static Map<StoreOperationKey, StoreCalls> view(Map<StoreOperationKey, Calls> calls) {
    Map<StoreOperationKey, StoreCalls> view = new HashMap<>();
    calls.forEach((key, c) -> view.put(key, new StoreCalls(c.durations, c.bytes)));
    return view;
  }

  private static final class Calls {
    final DurationHistogram durations = new DurationHistogram();
    long bytes;
  }
}
