package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.PlanResult;
import dev.darkroom.core.run.RunPlanning;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RunActivitiesImpl#executePartition} in Temporal's activity test environment. */
class RunActivitiesImplTest {

  private static final PartitionLaunch PARTITION_0 =
      new PartitionLaunch(7, 0, "images-basic", "1", Map.of());

  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
  private final List<PartitionProgress> heartbeats = new CopyOnWriteArrayList<>();
  private volatile Consumer<PartitionProgress> onHeartbeat = progress -> {};

  @AfterEach
  void closeEnvironment() {
    environment.close();
  }

  @Test
  void planningHeartbeatsWhileItWorksSoAKilledWorkerIsNoticedByTheHeartbeatTimeout()
      throws Exception {
    // given a planning that only finishes once the activity heartbeated while it worked
    java.util.concurrent.CountDownLatch beats = new java.util.concurrent.CountDownLatch(1);
    environment.setActivityHeartbeatListener(String.class, details -> beats.countDown());
    RunPlanning slow =
        (runId, slots) -> {
          try {
            assertThat(beats.await(60, java.util.concurrent.TimeUnit.SECONDS))
                .as("heartbeats while planning")
                .isTrue();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return new PlanResult(runId, 1, 10);
        };
    environment.registerActivitiesImplementations(
        new RunActivitiesImpl(
            slow,
            new FakeWorkerLauncher(1),
            new FakeRunFinishing(),
            new FakeRunStatusUpdates(),
            Duration.ofMillis(10)));
    RunActivities activities =
        environment.newActivityStub(
            RunActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(90))
                .setHeartbeatTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    // when the run is planned
    PlanResult plan = activities.plan(7);

    // then planning completed after heartbeating
    assertThat(plan.partitions()).isEqualTo(1);
    assertThat(beats.getCount()).isZero();
  }

  @Test
  void completedPartitionReturnsItsCountsAfterHeartbeatingProgress() {
    FakeWorkerLauncher launcher = new FakeWorkerLauncher(3);

    PartitionProgress result = activities(launcher).executePartition(PARTITION_0);

    assertThat(result.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(result.unitsDone()).isEqualTo(FakeRunPlanning.UNITS_PER_PARTITION);
    // Heartbeats are throttled, so at least the first was sent.
    assertThat(heartbeats).isNotEmpty().allMatch(p -> p.state() == PartitionProgress.State.RUNNING);
    assertThat(launcher.stops()).isEmpty();
  }

  @Test
  void jobThatFailedForALostDatabaseConnectionIsADatabaseUnavailableFailure() {
    // given a job that fails because its connection to PostgreSQL was reset
    FakeWorkerLauncher launcher = new FakeWorkerLauncher(3).failFirstLaunchOf(0);

    // when
    ApplicationFailure failure = applicationFailure(launcher);

    // then Temporal retries it without an attempt limit (RunWorkflowImpl's options)
    assertThat(failure.getType()).isEqualTo(RunActivitiesImpl.DATABASE_UNAVAILABLE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "Partition 0 of run 7 was interrupted (connection reset); continuing from its"
                + " unfinished units");
  }

  @Test
  void jobThatFailedForAnotherReasonIsAPartitionFailedWithTheJobsError() {
    // given a job that fails for a reason a person must fix
    FakeWorkerLauncher launcher =
        new FakeWorkerLauncher(3)
            .failLaunchesOf(0, 1, "run 7 pinned tool thumbnail version 1, this worker has 2");

    // when
    ApplicationFailure failure = applicationFailure(launcher);

    // then
    assertThat(failure.getType()).isEqualTo(RunActivitiesImpl.PARTITION_FAILED);
    assertThat(failure.getOriginalMessage())
        .isEqualTo(
            "Partition 0 of run 7 failed: run 7 pinned tool thumbnail version 1, this worker has"
                + " 2");
  }

  @Test
  void progressReadsThatCannotReachTheDatabaseAreRiddenOutWhileTheJobGoesOn() {
    // given PostgreSQL unreachable for the first progress reads after the launch
    FakeWorkerLauncher launcher = new FakeWorkerLauncher(3).databaseUnreachableFor(5);

    // when
    PartitionProgress result = activities(launcher).executePartition(PARTITION_0);

    // then the activity waited, heartbeating, and reports the job's end once it can read again
    assertThat(result.state()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(heartbeats).isNotEmpty();
    assertThat(launcher.stops()).isEmpty();
    assertThat(launcher.launches()).containsExactly(0);
  }

  @Test
  void jobStoppedOutsideTheWorkflowIsARetryablePartitionStopped() {
    FakeWorkerLauncher launcher = new FakeWorkerLauncher(3).holdJobs();
    onHeartbeat = progress -> launcher.stopEveryJobFromOutside();

    ApplicationFailure failure = applicationFailure(launcher);

    assertThat(failure.getType()).isEqualTo(RunActivitiesImpl.PARTITION_STOPPED);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(launcher.stops()).isEmpty();
  }

  @Test
  void cancelledActivityStopsTheJobAndReportsTheCancellationOnceItStopped() {
    // given a job that runs until stopped, and a cancellation at the first heartbeat
    FakeWorkerLauncher launcher = new FakeWorkerLauncher(3).holdJobs();
    onHeartbeat = progress -> environment.requestCancelActivity();

    // when
    CanceledFailure cancelled =
        catchThrowableOfType(
            CanceledFailure.class, () -> activities(launcher).executePartition(PARTITION_0));

    // then the activity reported a cancellation (not a failure), after the job stopped
    assertThat(cancelled).isNotNull();
    assertThat(launcher.stops()).containsExactly(0);
    assertThat(launcher.runningNow()).isZero();
  }

  @Test
  void planningIsGivenTheSlotsOfEachLauncherNotOneCountForAll() {
    // given a launcher with 5 slots beside a default of 1, and a planning that asks for the slots
    // of the launcher its run names
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    RunPlanning planning =
        new RunPlanning() {
          @Override
          public PlanResult plan(long runId, int slots) {
            throw new AssertionError("planned with one count for every launcher: " + slots);
          }

          @Override
          public PlanResult plan(
              long runId, java.util.function.ToIntFunction<String> slotsOfLauncher) {
            asked.set(slotsOfLauncher.applyAsInt("fake"));
            return new PlanResult(runId, asked.get(), 100);
          }
        };
    environment.registerActivitiesImplementations(
        new RunActivitiesImpl(
            planning,
            new dev.darkroom.orchestrator.launcher.WorkerLaunchers(
                java.util.List.of(new FakeWorkerLauncher(1)),
                "fake",
                java.util.Map.of("fake", 5),
                1),
            new FakeRunFinishing(),
            new FakeRunStatusUpdates(),
            Duration.ofMillis(10)));
    RunActivities activities =
        environment.newActivityStub(
            RunActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    // when a run is planned
    PlanResult plan = activities.plan(7);

    // then the launcher's own slot count reached the planning
    assertThat(asked.get()).isEqualTo(5);
    assertThat(plan.partitions()).isEqualTo(5);
  }

  private ApplicationFailure applicationFailure(FakeWorkerLauncher launcher) {
    ActivityFailure failure =
        catchThrowableOfType(
            ActivityFailure.class, () -> activities(launcher).executePartition(PARTITION_0));
    assertThat(failure).hasCauseInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failure.getCause();
  }

  private RunActivities activities(FakeWorkerLauncher launcher) {
    environment.registerActivitiesImplementations(
        new RunActivitiesImpl(
            new FakeRunPlanning(1),
            launcher,
            new FakeRunFinishing(),
            new FakeRunStatusUpdates(),
            Duration.ofMillis(10)));
    environment.setActivityHeartbeatListener(
        PartitionProgress.class,
        progress -> {
          heartbeats.add(progress);
          onHeartbeat.accept(progress);
        });
    return environment.newActivityStub(
        RunActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            // One attempt: the test looks at the failure itself, not at Temporal's retries.
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }
}
