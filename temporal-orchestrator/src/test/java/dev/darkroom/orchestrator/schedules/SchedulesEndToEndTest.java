package dev.darkroom.orchestrator.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.coverage.CoverageSteps;
import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.scan.ScanService;
import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.testing.SampleArchives;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.core.coverage.CoverageCounts;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.orchestrator.run.RunServiceConfiguration;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.testsupport.TestDatabase;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Schedules end to end: real PostgreSQL, the real Temporal dev server (skipped, naming the missing
 * {@code temporal} binary, when it is absent), runs through the in-process launcher over the sample
 * archive. The held {@link PacedTool} keeps a run going for as long as a test needs.
 */
@ExtendWith(TemporalDevServerExtension.class)
@SpringBootTest(classes = SchedulesEndToEndTest.App.class)
class SchedulesEndToEndTest {

  /** Holds its calls while held, so a run stays RUNNING until released. */
  static final PacedTool HELD_TOOL = PacedTool.named("held");

  static final SampleArchive ARCHIVE = SampleArchives.inTemp("darkroom-schedules-e2e");
  static final Path DATA_DIR = ARCHIVE.root().getParent().resolve("data");
  static final Pipeline HELD = new Pipeline("held", "1", List.of("image-metadata", "held"));
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final Duration EVERY = Duration.ofSeconds(5);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    TestDatabase.create("SchedulesEndToEndTest").registerWith(registry);
    registry.add("darkroom.archive.roots", () -> ARCHIVE.root().toString());
    registry.add("darkroom.data-dir", DATA_DIR::toString);
    registry.add("darkroom.launcher.in-process.threads", () -> "2");
    registry.add("darkroom.temporal.target", () -> TemporalDevServerExtension.server().target());
    registry.add("darkroom.temporal.task-queue", () -> "schedules-e2e-" + UUID.randomUUID());
    // PostgreSQL checks a lock wait for deadlocks once, after deadlock_timeout. Five seconds leaves
    // the deadlock test below time to close the cycle before the delete's one check runs.
    registry.add(
        "spring.datasource.hikari.connection-init-sql", () -> "SET deadlock_timeout = '5s'");
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({
    BatchJobsConfiguration.class,
    RunServiceConfiguration.class,
    SchedulesConfiguration.class
  })
  static class App {
    @Bean
    @Primary
    ToolRegistry testToolRegistry() {
      return ToolRegistry.of(new ImageMetadataTool(), HELD_TOOL);
    }

    @Bean
    @Primary
    PipelineRegistry testPipelineRegistry() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, HELD));
    }

    @Bean
    ArtifactStore artifactStore() {
      return new FilesystemArtifactStore(DATA_DIR.resolve("artifacts"), List.of(ARCHIVE.root()));
    }
  }

  @Autowired ScheduleService schedules;
  @Autowired ScheduleRepository repository;
  @Autowired ScheduleReconciliation reconciliation;
  @Autowired TemporalSchedules temporal;
  @Autowired ScheduleClient client;
  @Autowired ScheduleIds ids;
  @Autowired RunService runs;
  @Autowired ScanService scans;
  @Autowired CoverageRepository coverage;
  @Autowired PipelineRegistry pipelines;
  @Autowired ToolRegistry tools;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;

  private long scheduleId;

  @BeforeEach
  void scan() {
    scans.scan(false, p -> {});
    HELD_TOOL.release();
  }

  @AfterEach
  void cleanUp() {
    HELD_TOOL.release().version("1");
    if (scheduleId > 0 && repository.find(scheduleId).isPresent()) {
      schedules.pause(scheduleId);
      for (ScheduledRun run : repository.runs(scheduleId, 100)) {
        if (!run.status().terminal()) {
          runs.cancel(run.runId());
        }
      }
      schedules.delete(scheduleId);
    }
  }

  @Test
  void aScheduleWithAShortIntervalFiresRunsTaggedWithIt() {
    scheduleId = schedules.create(draft("every five seconds", ScheduleOverlap.SKIP), "tester");

    await("two runs of the schedule ended", () -> endedRuns(scheduleId) >= 2);

    List<ScheduledRun> fired = repository.runs(scheduleId, 10);
    ScheduledRun last = fired.get(fired.size() - 1);
    assertThat(last.status()).isIn(RunStatus.COMPLETED, RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(runs.get(last.runId()).requestedBy()).isEqualTo("schedule:every five seconds");
    assertThat(runs.get(last.runId()).pipelineId()).isEqualTo("held");
    ScheduleStatus status = schedules.status(scheduleId);
    assertThat(status.problem()).isNull();
    assertThat(status.temporal().nextFirings()).isNotEmpty();
    assertThat(status.temporal().nextFirings().get(0)).isAfter(Instant.now().minusSeconds(5));
  }

  @Test
  void anUnforcedScheduleIsIncrementalASecondFiringOverAnUnchangedScopePlansNothing() {
    HELD_TOOL.release();
    scheduleId = schedules.create(draft("incremental", ScheduleOverlap.SKIP, false), "tester");

    await("two firings' runs ended", () -> endedRuns(scheduleId) >= 2);

    // newest first: the later firing found every image current (the first, or an earlier test,
    // made them so) and planned nothing
    List<ScheduledRun> fired = repository.runs(scheduleId, 10);
    ScheduledRun later =
        fired.stream().filter(r -> r.status().terminal()).findFirst().orElseThrow();
    assertThat(later.unitsTotal()).as("units planned by the later firing").isZero();
    assertThat(later.status().terminal()).isTrue();
  }

  @Test
  void bumpingAToolsVersionMakesItsArtifactsStaleAndTheNextFiringRefreshesExactlyThose() {
    // given: an incremental schedule whose firings made every image current for "held" v1
    coverage.pin(CoverageSteps.pinned(pipelines, tools));
    scheduleId = schedules.create(draft("bumped", ScheduleOverlap.SKIP, false), "tester");
    await(
        "a firing found nothing to do",
        () ->
            repository.runs(scheduleId, 100).stream()
                .anyMatch(r -> r.status().terminal() && r.unitsTotal() == 0));
    schedules.pause(scheduleId);
    await("every fired run ended", () -> activeRuns(scheduleId) == 0);
    int firedBefore = repository.runs(scheduleId, 100).size();
    Set<Long> currentBefore = producedWith("1");
    assertThat(currentBefore).hasSizeGreaterThan(2);
    assertThat(heldCoverage().current()).isEqualTo(currentBefore.size());

    // when: a new release of the tool starts (the server pins its steps at start-up)
    HELD_TOOL.version("2");
    coverage.pin(CoverageSteps.pinned(pipelines, tools));

    // then: every artifact of the old version is stale
    assertThat(heldCoverage().stale()).isEqualTo(currentBefore.size());
    assertThat(heldCoverage().current()).isZero();
    // given: two of them were already redone with the new release (as by a forced run), so
    // "exactly the stale ones" differs from "every image"
    List<Long> redone = currentBefore.stream().sorted().limit(2).toList();
    jdbc.sql(
            "UPDATE coverage_state SET tool_version = '2' WHERE tool_id = 'held'"
                + " AND asset_id = ANY(?)")
        .param(redone.toArray(Long[]::new))
        .update();
    Set<Long> stale = new HashSet<>(currentBefore);
    redone.forEach(stale::remove);
    assertThat(heldCoverage().stale()).isEqualTo(stale.size());

    // when: the schedule fires again
    schedules.unpause(scheduleId);
    await(
        "the next firing's run ended",
        () ->
            repository.runs(scheduleId, 100).size() > firedBefore
                && repository.runs(scheduleId, 100).get(0).status().terminal());

    // then: its run planned exactly the stale assets, and made them current
    ScheduledRun next = repository.runs(scheduleId, 100).get(0);
    assertThat(new HashSet<>(unitAssets(next.runId()))).isEqualTo(stale);
    assertThat(producedWith("2")).isEqualTo(currentBefore);
    assertThat(heldCoverage().stale()).isZero();
    assertThat(heldCoverage().current()).isEqualTo(currentBefore.size());
  }

  @Test
  void overlapSkipHoldsWhileARunIsGoing() {
    HELD_TOOL.hold();
    scheduleId = schedules.create(draft("held runs", ScheduleOverlap.SKIP), "tester");

    await("a run started", () -> !repository.runs(scheduleId, 10).isEmpty());
    await(
        "Temporal skipped a firing because the run is still going",
        () -> schedules.status(scheduleId).temporal().skippedOverlap() >= 2);

    List<ScheduledRun> fired = repository.runs(scheduleId, 10);
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).status().terminal()).isFalse();
    assertThat(schedules.status(scheduleId).temporal().runningFirings()).hasSize(1);

    HELD_TOOL.release();
    await("the held run ended and a new firing started another", () -> endedRuns(scheduleId) >= 1);
  }

  @Test
  void pauseStopsFiringsAndUnpauseResumesThem() {
    scheduleId = schedules.create(draft("paused later", ScheduleOverlap.SKIP), "tester");
    await("a first run ended", () -> endedRuns(scheduleId) >= 1);

    schedules.pause(scheduleId);
    await("every fired run ended", () -> activeRuns(scheduleId) == 0);
    int firedWhenPaused = repository.runs(scheduleId, 100).size();
    ScheduleStatus paused = schedules.status(scheduleId);
    long firingsWhenPaused = paused.temporal().firings();

    // Three intervals pass: a running schedule would have fired at least twice meanwhile.
    sleep(EVERY.multipliedBy(3));

    assertThat(paused.definition().paused()).isTrue();
    assertThat(paused.temporal().paused()).isTrue();
    assertThat(paused.temporal().nextFirings()).isEmpty();
    assertThat(repository.runs(scheduleId, 100)).hasSize(firedWhenPaused);
    assertThat(schedules.status(scheduleId).temporal().firings()).isEqualTo(firingsWhenPaused);

    schedules.unpause(scheduleId);
    await("firings resumed", () -> repository.runs(scheduleId, 100).size() > firedWhenPaused);
  }

  /**
   * The CI failure this guards against: deleting a schedule while one of its runs was being planned
   * (the planning transaction holds the run row, then reaches for the schedule row through a
   * foreign key) deadlocked in PostgreSQL. The other transaction is played here on its own
   * connection.
   */
  @Test
  void deletingAScheduleWhileARunOfItHoldsItsRowNeitherDeadlocksNorFailsTheRunsTransaction()
      throws Exception {
    scheduleId = schedules.create(draft("deleted under a lock", ScheduleOverlap.SKIP), "tester");
    await("a first run ended", () -> endedRuns(scheduleId) >= 1);
    schedules.pause(scheduleId);
    await("every fired run ended", () -> activeRuns(scheduleId) == 0);
    long runId = repository.runs(scheduleId, 100).get(0).runId();
    long deleted = scheduleId;

    try (Connection run = dataSource.getConnection()) {
      run.setAutoCommit(false);
      try (Statement st = run.createStatement()) {
        st.execute("SELECT id FROM run WHERE id = " + runId + " FOR UPDATE");
      }
      ExecutorService deleter = Executors.newSingleThreadExecutor();
      try {
        Future<?> delete = deleter.submit(() -> schedules.delete(deleted));
        await("the delete waits for the run's row", () -> waitingForALock() || delete.isDone());
        // The run's transaction now needs the schedule row, as a foreign-key check does.
        try (Statement st = run.createStatement()) {
          st.execute("SET LOCAL lock_timeout = '20s'");
          st.execute("SELECT id FROM schedule WHERE id = " + deleted + " FOR KEY SHARE");
        }
        run.commit();
        delete.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        deleter.shutdownNow();
      }
    }

    assertThat(repository.find(deleted)).isEmpty();
    assertThat(
            jdbc.sql("SELECT count(*) FROM run WHERE id = ? AND schedule_id IS NULL")
                .param(runId)
                .query(Long.class)
                .single())
        .as("the run stays, untagged")
        .isEqualTo(1L);
    assertThat(runs.get(runId)).isNotNull();
  }

  /**
   * The delete's retry, forced: a transaction the delete does not know of holds the schedule row
   * (as a firing's foreign-key check does), the delete untags the schedule's runs and waits for it,
   * and then that transaction reaches for one of the untagged runs. PostgreSQL finds the deadlock
   * in the delete's session (its {@code deadlock_timeout} is the shorter one), rolls the delete
   * back, and the delete's second attempt succeeds once the other transaction has committed.
   */
  @Test
  void aDeleteThatLosesADeadlockIsRetriedAndTheOtherTransactionCommits() throws Exception {
    scheduleId =
        schedules.create(draft("deleted after a deadlock", ScheduleOverlap.SKIP), "tester");
    await("a first run ended", () -> endedRuns(scheduleId) >= 1);
    schedules.pause(scheduleId);
    await("every fired run ended", () -> activeRuns(scheduleId) == 0);
    long runId = repository.runs(scheduleId, 100).get(0).runId();
    long deleted = scheduleId;
    long deadlocksBefore = deadlocks();

    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (Statement st = other.createStatement()) {
        st.execute("SET LOCAL deadlock_timeout = '60s'");
        st.execute("SELECT id FROM schedule WHERE id = " + deleted + " FOR KEY SHARE");
      }
      ExecutorService deleter = Executors.newSingleThreadExecutor();
      try {
        Future<?> delete = deleter.submit(() -> schedules.delete(deleted));
        await(
            "the delete waits for the schedule's row", () -> waitingForALock() || delete.isDone());
        assertThat(delete.isDone()).as("the delete waits for the schedule's row").isFalse();
        try (Statement st = other.createStatement()) {
          st.execute("SET LOCAL lock_timeout = '30s'");
          st.execute("UPDATE run SET error = 'touched' WHERE id = " + runId);
        }
        other.commit();
        delete.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        deleter.shutdownNow();
      }
    }

    await("PostgreSQL counted the deadlock", () -> deadlocks() > deadlocksBefore);
    assertThat(repository.find(deleted)).isEmpty();
    assertThat(
            jdbc.sql("SELECT count(*) FROM run WHERE id = ? AND schedule_id IS NULL AND error = ?")
                .param(runId)
                .param("touched")
                .query(Long.class)
                .single())
        .as("the other transaction's update kept, and the run untagged by the second attempt")
        .isEqualTo(1L);
  }

  private long deadlocks() {
    jdbc.sql("SELECT pg_stat_clear_snapshot()").query().singleValue();
    return jdbc.sql("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        .query(Long.class)
        .single();
  }

  private boolean waitingForALock() {
    return jdbc.sql(
                "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE wait_event_type = 'Lock' AND datname = current_database()")
            .query(Long.class)
            .single()
        > 0;
  }

  @Test
  void startUpReconciliationRecreatesSchedulesDeletedInTemporalAndReportsOrphans() {
    // Paused: this test is about the definitions, not their runs.
    scheduleId =
        schedules.create(draft("reconciled", ScheduleOverlap.SKIP).withPaused(true), "tester");
    temporal.delete(scheduleId);
    assertThat(temporal.describe(scheduleId)).isEmpty();
    String orphan = ids.of(9_000_000L + (System.nanoTime() % 1000));
    client.createSchedule(
        orphan,
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType(ScheduledRunWorkflow.class)
                    .setArguments(9_000_000L)
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(orphan)
                            .setTaskQueue("nobody-polls-this")
                            .build())
                    .build())
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofHours(1))))
                    .build())
            .setState(ScheduleState.newBuilder().setPaused(true).build())
            .build(),
        ScheduleOptions.newBuilder().build());
    try {
      // The list is Temporal's visibility store: it may lag a create by a moment.
      await("Temporal lists the orphan", () -> temporal.listIds().contains(orphan));

      ScheduleReconciliation.Result result = reconciliation.reconcile();

      assertThat(result.created()).containsExactly(scheduleId);
      assertThat(temporal.describe(scheduleId))
          .get()
          .extracting(ScheduleSnapshot::paused)
          .isEqualTo(true);
      assertThat(result.orphans()).contains(orphan);
      assertThat(reconciliation.orphans()).contains(orphan);
      assertThat(result.orphans()).doesNotContain(ids.of(scheduleId));
    } finally {
      temporal.deleteById(orphan);
    }
  }

  @Test
  void aScheduleOfAnUnknownPipelineIsRefusedAndNothingIsKept() {
    ScheduleDraft unknown =
        new ScheduleDraft(
            "unknown pipeline",
            "no-such-pipeline",
            null,
            null,
            null,
            ToolParameters.empty(),
            false,
            ScheduleTiming.every(EVERY),
            ScheduleOverlap.SKIP,
            null,
            false,
            null);

    assertThatThrownBy(() -> schedules.create(unknown, "tester"))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("unknown pipeline \"no-such-pipeline\"");
    assertThat(repository.list())
        .extracting(ScheduleDefinition::name)
        .doesNotContain("unknown pipeline");
  }

  @Test
  void aCronTemporalRefusesIsAnInvalidScheduleAndNothingIsKept() {
    ScheduleDraft bad =
        new ScheduleDraft(
            "bad cron",
            "held",
            null,
            null,
            null,
            ToolParameters.empty(),
            false,
            ScheduleTiming.cron("99 99 * * *", "Europe/Berlin"),
            ScheduleOverlap.SKIP,
            null,
            true,
            null);

    assertThatThrownBy(() -> schedules.create(bad, "tester"))
        .isInstanceOf(InvalidScheduleException.class);
    assertThat(repository.list()).extracting(ScheduleDefinition::name).doesNotContain("bad cron");
  }

  /**
   * A forced schedule: every firing processes the whole scope, so a held run holds whatever earlier
   * tests made current (an unforced one is incremental: {@link #incremental}).
   */
  private ScheduleDraft draft(String name, ScheduleOverlap overlap) {
    return draft(name, overlap, true);
  }

  private ScheduleDraft draft(String name, ScheduleOverlap overlap, boolean force) {
    return new ScheduleDraft(
        name,
        "held",
        null,
        "type:image",
        null,
        ToolParameters.empty(),
        force,
        ScheduleTiming.every(EVERY),
        overlap,
        null,
        false,
        "a test schedule");
  }

  /** The live assets whose last "held" attempt produced an artifact of {@code version}. */
  private Set<Long> producedWith(String version) {
    return new HashSet<>(
        jdbc.sql(
                "SELECT asset_id FROM coverage_state WHERE tool_id = 'held'"
                    + " AND status = 'PRODUCED' AND tool_version = ?")
            .param(version)
            .query(Long.class)
            .list());
  }

  private CoverageCounts heldCoverage() {
    return coverage.all().stream()
        .filter(r -> r.step().kind().equals("held"))
        .findFirst()
        .orElseThrow()
        .counts();
  }

  private List<Long> unitAssets(long runId) {
    return jdbc.sql("SELECT asset_id FROM run_unit WHERE run_id = ?")
        .param(runId)
        .query(Long.class)
        .list();
  }

  private long endedRuns(long id) {
    return repository.runs(id, 100).stream().filter(r -> r.status().terminal()).count();
  }

  private long activeRuns(long id) {
    return repository.runs(id, 100).stream().filter(r -> !r.status().terminal()).count();
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      sleep(Duration.ofMillis(250));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
