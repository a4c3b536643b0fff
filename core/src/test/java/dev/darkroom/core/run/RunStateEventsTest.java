package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.events.InProcessRunEvents;
import dev.darkroom.core.events.RunEvent;
import dev.darkroom.core.events.RunStateChanged;
import dev.darkroom.testsupport.PostgresExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every status change of a run is published once it has committed, and never when rolled back. */
class RunStateEventsTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  CatalogFixture catalog;
  InProcessRunEvents events;
  RunRepository runs;
  final List<RunEvent> received = new ArrayList<>();

  @BeforeEach
  void setUp() {
    catalog = new CatalogFixture(db.dataSource());
    events = new InProcessRunEvents();
    events.subscribe(this::receive);
    runs = new RunRepository(catalog.jdbc, events);
  }

  @AfterEach
  void close() {
    events.close();
  }

  @Test
  void creationAndEveryTransitionArePublishedWithTheirPreviousStatus() {
    catalog.assets(3);
    long id =
        runs.create(
            RunRequest.allAssets("p", RunPolicy.production(), "t"), "1", java.util.Map.of());
    new JdbcRunPlanning(catalog.jdbc, catalog.transaction, runs, catalog.partitions, 10).plan(id);
    runs.transition(id, RunStatus.RUNNING);
    runs.transition(id, RunStatus.RUNNING); // a repeated move is no change: nothing published
    runs.transition(id, RunStatus.PAUSED);
    runs.transition(id, RunStatus.RUNNING);
    new JdbcRunFinishing(runs, catalog.units).finish(id, true);
    new JdbcRunFinishing(runs, catalog.units).finish(id, false); // already ended: nothing

    assertThat(awaitStates(id, 6))
        .containsExactly(
            "null>PENDING",
            "PENDING>PLANNING",
            "PLANNING>RUNNING",
            "RUNNING>PAUSED",
            "PAUSED>RUNNING",
            "RUNNING>CANCELLED");
  }

  @Test
  void aChangeInsideATransactionIsPublishedOnlyAfterItsCommit() throws Exception {
    long id = catalog.run(RunRequest.allAssets("p", RunPolicy.production(), "t"));
    List<String> seenBeforeCommit = new ArrayList<>();

    catalog.transaction.executeWithoutResult(
        status -> {
          runs.transition(id, RunStatus.PLANNING);
          sleep(300);
          seenBeforeCommit.addAll(states(id));
        });

    assertThat(seenBeforeCommit).isEmpty();
    assertThat(awaitStates(id, 1)).containsExactly("PENDING>PLANNING");
  }

  @Test
  void aRolledBackChangeIsNeverPublished() throws Exception {
    long id = catalog.run(RunRequest.allAssets("p", RunPolicy.production(), "t"));

    catalog.transaction.executeWithoutResult(
        status -> {
          runs.transition(id, RunStatus.PLANNING);
          status.setRollbackOnly();
        });
    runs.transition(id, RunStatus.FAILED, "planning failed");

    assertThat(awaitStates(id, 1)).containsExactly("PENDING>FAILED");
    sleep(300);
    assertThat(states(id)).containsExactly("PENDING>FAILED");
    assertThat(runs.get(id).status()).isEqualTo(RunStatus.FAILED);
  }

  private synchronized void receive(RunEvent event) {
    received.add(event);
    notifyAll();
  }

  private synchronized List<String> states(long runId) {
    List<String> states = new ArrayList<>();
    for (RunEvent event : received) {
      if (event instanceof RunStateChanged changed && changed.runId() == runId) {
        states.add(changed.from() + ">" + changed.to());
      }
    }
    return states;
  }

  private synchronized List<String> awaitStates(long runId, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (states(runId).size() < count && System.nanoTime() < deadline) {
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return states(runId);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
