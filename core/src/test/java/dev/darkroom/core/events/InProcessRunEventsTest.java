package dev.darkroom.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessRunEventsTest {

  static final Duration WAIT = Duration.ofSeconds(5);

  InProcessRunEvents events = new InProcessRunEvents(100);

  @AfterEach
  void close() {
    events.close();
  }

  @Test
  void subscribersReceiveEventsInPublicationOrderOnAnotherThread() {
    EventRecorder recorder = new EventRecorder();
    Thread[] deliveredOn = new Thread[1];
    events.subscribe(recorder);
    events.subscribe(event -> deliveredOn[0] = Thread.currentThread());

    for (int i = 1; i <= 10; i++) {
      events.publish(changed(i));
    }

    assertThat(recorder.awaitCount(10, WAIT))
        .extracting(RunEvent::runId)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(deliveredOn[0]).isNotNull().isNotSameAs(Thread.currentThread());
  }

  @Test
  void aThrowingListenerNeitherReachesThePublisherNorStopsTheOthers() {
    EventRecorder recorder = new EventRecorder();
    events.subscribe(
        event -> {
          throw new IllegalStateException("listener bug");
        });
    events.subscribe(recorder);

    events.publish(changed(1));
    events.publish(changed(2));

    assertThat(recorder.awaitCount(2, WAIT)).hasSize(2);
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() {
    EventRecorder gone = new EventRecorder();
    EventRecorder staying = new EventRecorder();
    RunEvents.Subscription subscription = events.subscribe(gone);
    events.subscribe(staying);
    events.publish(changed(1));
    gone.awaitCount(1, WAIT);

    subscription.close();
    subscription.close();
    events.publish(changed(2));

    staying.awaitCount(2, WAIT);
    assertThat(gone.events()).hasSize(1);
  }

  @Test
  void aStuckListenerNeverBlocksThePublisherEventsAreDroppedInstead() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    events.subscribe(
        event -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });

    long started = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      events.publish(changed(i + 1));
    }
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    release.countDown();

    assertThat(tookMillis).isLessThan(2_000);
    assertThat(events.dropped()).isGreaterThan(9_000);
  }

  static RunStateChanged changed(long runId) {
    return new RunStateChanged(runId, RunStatus.PLANNING, RunStatus.RUNNING, Instant.now());
  }
}
