package dev.darkroom.orchestrator.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.PartitionHandle;
import dev.darkroom.core.run.PartitionProgress;
import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.orchestrator.launcher.PacedWorkerMain;
import dev.darkroom.orchestrator.launcher.WorkerLauncherContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@link WorkerLauncher} contract for the process launcher, with real child JVMs: {@link
 * PacedWorkerMain} (the worker command plus the test's pipeline) on the test JVM's own class path,
 * against the test's PostgreSQL and artifact store. Plus what only a process can do: be killed.
 * Worker JVMs are reused here (the default, ADR 0028); {@link OneShotProcessWorkerLauncherTest}
 * runs the same tests with a JVM per partition.
 */
class ProcessWorkerLauncherTest extends WorkerLauncherContractTest {

  @DynamicPropertySource
  static void processProperties(DynamicPropertyRegistry registry) {
    registry.add("darkroom.launcher.process.main-class", PacedWorkerMain.class::getName);
    registry.add("darkroom.launcher.process.jvm-options", () -> "-Xmx256m,-XX:TieredStopAtLevel=1");
  }

  @Autowired ProcessWorkerLauncher launcher;
  @Autowired PartitionLogs logs;

  @Override
  protected WorkerLauncher launcher() {
    return launcher;
  }

  /** Whether this class's launcher reuses its worker JVMs. */
  protected boolean reusesWorkers() {
    return true;
  }

  @Test
  void nextPartitionRunsInTheSameWorkerJvmWhenWorkersAreReusedElseInANewOne() throws Exception {
    // given a partition that completed in a worker JVM
    long first = plannedRun();
    PartitionHandle firstHandle = launcher.launch(launch(first));
    assertThat(awaitEnd(firstHandle).state()).isEqualTo(PartitionProgress.State.COMPLETED);

    // when the partition of another run is launched
    long second = plannedRun();
    PartitionHandle secondHandle = launcher.launch(launch(second));
    PartitionProgress end = awaitEnd(secondHandle);

    // then it completes, as its own job instance, in the same JVM if workers are reused
    assertThat(end.state()).as(end.error()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertEveryDoneUnitOnceWithItsBlobs(second);
    assertThat(partitions.find(second, 0).orElseThrow().jobExecutionIds()).hasSize(1);
    if (reusesWorkers()) {
      assertThat(secondHandle.reference()).isEqualTo(firstHandle.reference());
      assertThat(ProcessHandle.of(Long.parseLong(firstHandle.reference()))).isPresent();
    } else {
      assertThat(secondHandle.reference()).isNotEqualTo(firstHandle.reference());
    }
  }

  @Test
  void workerKilledMidPartitionIsLostAndARelaunchFinishesWithEveryUnitOnce() throws Exception {
    // given a worker JVM with committed chunks
    long runId = plannedRun();
    PartitionHandle handle = launcher.launch(launch(runId));
    awaitCommitted(handle, 4);
    long pid = Long.parseLong(handle.reference());
    assertThat(launcher.progress(handle).finished()).isFalse();

    // when it is killed with SIGKILL, no chance to record anything
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow();
    worker.destroyForcibly();
    worker.onExit().join();
    PartitionProgress lost = awaitEnd(handle);

    // then the partition is lost with its job, not RUNNING forever
    assertThat(lost.state()).isEqualTo(PartitionProgress.State.FAILED);
    assertThat(lost.error()).startsWith(WorkerLauncher.JOB_LOST).contains("signal 9");
    assertThat(lost.unitsDone() + lost.unitsFailed()).isLessThan(lost.unitsTotal());

    // and a relaunch in a new JVM finishes it, every unit once
    PartitionHandle again = launcher.launch(launch(runId));
    assertThat(again.reference()).isNotEqualTo(handle.reference());
    PartitionProgress end = awaitEnd(again);
    assertThat(end.state()).as(end.error()).isEqualTo(PartitionProgress.State.COMPLETED);
    assertThat(end.unitsDone() + end.unitsFailed()).isEqualTo(end.unitsTotal());
    assertEveryDoneUnitOnceWithItsBlobs(runId);

    // and the worker's output is in the partition's log, both attempts
    Path log = logs.find(runId, 0).orElseThrow();
    String text = Files.readString(log);
    assertThat(text).contains("=== attempt 1", "=== attempt 2", "ended COMPLETED");
  }
}
