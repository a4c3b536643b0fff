package dev.darkroom.orchestrator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunOutcome;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.orchestrator.launcher.WorkerLaunchers;
import dev.darkroom.orchestrator.temporal.TemporalConfiguration;
import dev.darkroom.orchestrator.temporal.TemporalDevServer;
import dev.darkroom.orchestrator.temporal.TemporalDevServerExtension;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring wiring: the run worker is registered before the factory starts and runs execute. */
@ExtendWith(TemporalDevServerExtension.class)
class RunWorkerRegistrationTest {

  @TempDir Path dataDir;

  @Test
  void runStartedThroughTheLauncherServiceIsExecutedOnTheConfiguredTaskQueue(
      TemporalDevServer server) {
    new ApplicationContextRunner()
        .withUserConfiguration(
            TemporalConfiguration.class, RunWorkerRegistration.class, FakeRunPorts.class)
        .withPropertyValues(
            "darkroom.temporal.target=" + server.target(),
            "darkroom.temporal.task-queue=runs-" + UUID.randomUUID(),
            "darkroom.data-dir=" + dataDir)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              long runId = RunWorkflowHarness.nextRunId();

              String workflowId =
                  context
                      .getBean(RunLauncherService.class)
                      .start(
                          RunWorkflowHarness.workflowId(runId),
                          RunInput.of(runId, "images-basic", "1", 2, Map.of()));

              assertThat(workflowId).isEqualTo(RunWorkflowHarness.workflowId(runId));
              RunOutcome outcome =
                  context
                      .getBean(WorkflowClient.class)
                      .newUntypedWorkflowStub(workflowId)
                      .getResult(60, TimeUnit.SECONDS, RunOutcome.class);
              assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED);
              assertThat(context.getBean(FakeWorkerLauncher.class).launches())
                  .containsExactlyInAnyOrder(0, 1, 2);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class FakeRunPorts {
    @Bean
    RunPlanning runPlanning() {
      return new FakeRunPlanning(3);
    }

    @Bean
    FakeWorkerLauncher workerLauncher() {
      return new FakeWorkerLauncher(1);
    }

    @Bean
    WorkerLaunchers workerLaunchers(FakeWorkerLauncher launcher) {
      return WorkerLaunchers.of(launcher);
    }

    @Bean
    RunFinishing runFinishing() {
      return new FakeRunFinishing();
    }

    @Bean
    RunStatusUpdates runStatusUpdates() {
      return new FakeRunStatusUpdates();
    }
  }
}
