package dev.darkroom.core.events;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run events within one JVM: the default when no NATS is configured, and the local fan-out of the
 * NATS adapter. {@link #publish} only offers the event to a bounded queue; one daemon thread hands
 * queued events to the listeners in order. When the queue is full (listeners far behind) events are
 * dropped, with one warning until the queue has room again.
 */
public final class InProcessRunEvents implements RunEvents, AutoCloseable {

  /** Events waiting for slow listeners; a run's chunk events are a few per second. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private static final Logger log = LoggerFactory.getLogger(InProcessRunEvents.class);

  private final List<Consumer<? super RunEvent>> listeners = new CopyOnWriteArrayList<>();
  private final BlockingQueue<RunEvent> queue;
  private final AtomicBoolean overflowing = new AtomicBoolean();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread dispatcher;
  private volatile boolean closed;

  public InProcessRunEvents() {
    this(DEFAULT_CAPACITY);
  }

  public InProcessRunEvents(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dispatcher = new Thread(this::dispatch, "run-events");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  @Override
  public void publish(RunEvent event) {
    if (closed || listeners.isEmpty()) {
      return;
    }
    if (queue.offer(event)) {
      return;
    }
    dropped.incrementAndGet();
    if (overflowing.compareAndSet(false, true)) {
      log.warn(
          "Run event listeners are {} events behind; dropping events until they catch up (the"
              + " dashboard reads PostgreSQL, so nothing is lost for it)",
          queue.size());
    }
  }

  @Override
  public Subscription subscribe(Consumer<? super RunEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Events dropped because the queue was full, since this bus was created. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    closed = true;
    dispatcher.interrupt();
  }

  private void dispatch() {
    while (!closed) {
      RunEvent event;
      try {
        event = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        continue;
      }
      if (queue.isEmpty() && overflowing.compareAndSet(true, false)) {
        log.info("Run event listeners caught up; {} events were dropped", dropped.get());
      }
      for (Consumer<? super RunEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          log.warn("A run event listener failed on {}", event, e);
        }
      }
    }
  }
}
