package dev.darkroom.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.orchestrator.temporal.testflows.GreetingActivitiesImpl;
import dev.darkroom.orchestrator.temporal.testflows.GreetingWorkflow;
import dev.darkroom.orchestrator.temporal.testflows.GreetingWorkflowImpl;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TemporalDevServerExtension.class)
class TemporalDevServerTest {

  private WorkerFactory workers;
  private String taskQueue;

  @BeforeEach
  void startWorker(WorkflowClient client, TestInfo test) {
    taskQueue = test.getTestMethod().orElseThrow().getName();
    workers = WorkerFactory.newInstance(client);
    Worker worker = workers.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
    worker.registerActivitiesImplementations(new GreetingActivitiesImpl());
    workers.start();
  }

  @AfterEach
  void stopWorker() {
    workers.shutdownNow();
  }

  @Test
  void serverListensOnLoopbackAndAnswers(TemporalDevServer server, WorkflowServiceStubs stubs) {
    assertThat(server.target()).startsWith("127.0.0.1:");
    assertThat(server.isRunning()).isTrue();

    var info = stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());

    assertThat(info.getServerVersion()).isNotBlank();
  }

  @Test
  void workflowStartedThroughTheClientCompletesWithTheActivityResult(WorkflowClient client) {
    GreetingWorkflow workflow = client.newWorkflowStub(GreetingWorkflow.class, options());

    String result = workflow.greet("darkroom");

    assertThat(result).isEqualTo("Hello, darkroom!");
  }

  @Test
  void listWorkflowExecutionsFindsACompletedWorkflow(
      WorkflowClient client, WorkflowServiceStubs stubs) throws InterruptedException {
    WorkflowOptions options = options();
    client.newWorkflowStub(GreetingWorkflow.class, options).greet("lister");

    ListWorkflowExecutionsRequest request =
        ListWorkflowExecutionsRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setQuery("WorkflowId = '" + options.getWorkflowId() + "'")
            .build();
    // Visibility is eventually consistent: the completed run shows up shortly after it ends.
    ListWorkflowExecutionsResponse response = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      response = stubs.blockingStub().listWorkflowExecutions(request);
      if (response.getExecutionsCount() > 0
          && response.getExecutions(0).getStatus().name().endsWith("COMPLETED")) {
        break;
      }
      Thread.sleep(100);
    }

    assertThat(response.getExecutionsList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType().getName()).isEqualTo("GreetingWorkflow");
              assertThat(e.getStatus().name()).isEqualTo("WORKFLOW_EXECUTION_STATUS_COMPLETED");
            });
  }

  private WorkflowOptions options() {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(taskQueue)
        .setWorkflowId(taskQueue + "-" + UUID.randomUUID())
        // Bounds a broken test instead of letting it wait forever.
        .setWorkflowExecutionTimeout(Duration.ofSeconds(30))
        .build();
  }
}
