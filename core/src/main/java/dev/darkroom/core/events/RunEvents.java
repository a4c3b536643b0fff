package dev.darkroom.core.events;

import java.util.function.Consumer;

/**
 * Run events for anyone who wants to see runs move: the dashboard, API clients, other processes.
 *
 * <p>Callers publish only what has committed (use {@link AfterCommit#publish} from inside a
 * transaction). Nothing in a run depends on events: PostgreSQL is the truth, and a consumer that
 * misses events (NATS down, a slow listener) catches up by reading it.
 *
 * <p>Implementations are thread-safe. {@link #publish} never throws into the caller and never
 * blocks it for long: an event that cannot be delivered (broker down, queue full) is dropped and
 * logged (at most one warning per outage), and the run goes on. Listeners are called on a thread of
 * the implementation, never on the publisher's, one event at a time, in publication order per
 * publishing process; a listener that throws is logged and keeps its subscription.
 */
public interface RunEvents {

  /** Delivers the event to this process's subscribers and, for a broker, to other processes. */
  void publish(RunEvent event);

  /**
   * Calls {@code listener} with every event published from now on, here or (for a broker) by other
   * processes. The listener must return quickly; hand slow work to another thread.
   *
   * @return closing it ends the subscription
   */
  Subscription subscribe(Consumer<? super RunEvent> listener);

  /** An active subscription; closing it twice is harmless. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Publishes nowhere and never calls a listener: for code that runs without events. */
  static RunEvents none() {
    return NoRunEvents.INSTANCE;
  }
}
