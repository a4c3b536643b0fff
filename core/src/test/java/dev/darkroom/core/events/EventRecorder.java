package dev.darkroom.core.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A listener that keeps what it receives, and waits for it. */
final class EventRecorder implements Consumer<RunEvent> {

  private final List<RunEvent> events = new ArrayList<>();

  @Override
  public synchronized void accept(RunEvent event) {
    events.add(event);
    notifyAll();
  }

  synchronized List<RunEvent> events() {
    return List.copyOf(events);
  }

  /** Waits until an event matches; fails after {@code timeout}. */
  synchronized RunEvent await(Predicate<RunEvent> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (RunEvent event : events) {
        if (matching.test(event)) {
          return event;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching event within " + timeout + "; got " + events);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Waits until {@code count} events arrived. */
  synchronized List<RunEvent> awaitCount(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected " + count + " events within " + timeout + ", got " + events);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return List.copyOf(events);
  }
}
