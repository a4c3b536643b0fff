package dev.darkroom.batch.scan;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.jspecify.annotations.Nullable;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads ahead of the step and processes what it read on a thread pool, so the pool keeps hashing
 * while the step walks the tree and while it commits a chunk. Items come out in the order the
 * delegate read them, each already processed.
 *
 * <p>Why not the step's own task executor: a chunk-oriented step processes one chunk's items in
 * parallel and then waits for them all, then writes and commits while the pool stands idle, then
 * reads the next chunk. On 2 cores that kept about 1.4 of them busy during a cold scan
 * (docs/benchmarks.md).
 *
 * <p>Restartable exactly as the delegate is: {@link #update} saves the delegate's state as it was
 * right after it read the last item this reader <em>returned</em>, not the items it read ahead of
 * that, so a restart after a crash resumes after the last committed item and redoes the read-ahead.
 * Not thread-safe: the step reads from one thread.
 *
 * @param <I> what the delegate reads
 * @param <O> what the processor makes of it (never null: a processor that filters is not supported)
 */
final class ReadAheadReader<I, O> implements ItemStreamReader<O> {

  private final ItemStreamReader<I> delegate;
  private final ItemProcessor<I, O> processor;
  private final Executor executor;
  private final int depth;

  /** Read, submitted, not yet returned; each with the delegate's state right after its read. */
  private final ArrayDeque<Ahead<O>> ahead = new ArrayDeque<>();

  /** Every key the delegate has put into its state (so a key it dropped is dropped here too). */
  private final Set<String> stateKeys = new HashSet<>();

  /** The delegate's state right after it read the last item returned (or as opened). */
  private ExecutionContext returned = new ExecutionContext();

  /** The delegate has no more items, or failed: nothing more is read from it. */
  private boolean exhausted;

  /** What the delegate threw, to be thrown once the items read before it have been returned. */
  private @Nullable RuntimeException failure;

  /**
   * @param depth items read and submitted ahead of the one returned; a chunk's worth or more keeps
   *     the pool busy while a chunk commits
   */
  ReadAheadReader(
      ItemStreamReader<I> delegate, ItemProcessor<I, O> processor, Executor executor, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("read-ahead depth must be at least 1, was " + depth);
    }
    this.delegate = delegate;
    this.processor = processor;
    this.executor = executor;
    this.depth = depth;
  }

  @Override
  public void open(ExecutionContext context) {
    delegate.open(context);
    ahead.clear();
    exhausted = false;
    failure = null;
    returned = stateOf();
  }

  @Override
  public @Nullable O read() throws Exception {
    fill();
    Ahead<O> next = ahead.poll();
    if (next == null) {
      if (failure != null) {
        throw failure;
      }
      return null;
    }
    O item = await(next.result());
    returned = next.state();
    return item;
  }

  /** Reads from the delegate until {@code depth} items are ahead, or it has no more. */
  private void fill() {
    while (!exhausted && ahead.size() < depth) {
      I item;
      try {
        item = delegate.read();
      } catch (RuntimeException e) {
        exhausted = true;
        failure = e;
        return;
      } catch (Exception e) {
        exhausted = true;
        failure = new ItemStreamException("reading ahead failed: " + e.getMessage(), e);
        return;
      }
      if (item == null) {
        exhausted = true;
        return;
      }
      FutureTask<O> task = new FutureTask<>(() -> processed(item));
      executor.execute(task);
      ahead.add(new Ahead<>(task, stateOf()));
    }
  }

  private O processed(I item) throws Exception {
    O result = processor.process(item);
    if (result == null) {
      throw new IllegalStateException("the read-ahead processor filtered an item out");
    }
    return result;
  }

  private static <O> O await(Future<O> result) throws Exception {
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw e;
    }
  }

  private ExecutionContext stateOf() {
    ExecutionContext state = new ExecutionContext();
    delegate.update(state);
    for (Map.Entry<String, Object> entry : state.entrySet()) {
      stateKeys.add(entry.getKey());
    }
    return state;
  }

  @Override
  public void update(ExecutionContext context) {
    for (String key : stateKeys) {
      if (!returned.containsKey(key)) {
        context.remove(key);
      }
    }
    for (Map.Entry<String, Object> entry : returned.entrySet()) {
      context.put(entry.getKey(), entry.getValue());
    }
  }

  @Override
  public void close() {
    for (Ahead<O> pending : ahead) {
      pending.result().cancel(true);
    }
    ahead.clear();
    delegate.close();
  }

  private record Ahead<O>(Future<O> result, ExecutionContext state) {}
}
