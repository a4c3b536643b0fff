package dev.darkroom.web.observability;

import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code temporal}: UP when the frontend answers, the namespace exists and this process's workers
 * poll. Checked through the application's own {@link WorkflowServiceStubs}, so it means the same
 * for the embedded dev server and an external cluster; every call has a short deadline so a dead
 * server makes the check fail fast instead of hanging the health endpoint. Not part of readiness or
 * liveness: a Temporal outage pauses runs, it does not stop the dashboard (docs/observability.md).
 */
final class TemporalHealthIndicator extends AbstractHealthIndicator {

  private final WorkflowServiceStubs stubs;
  private final WorkerFactory workers;
  private final String namespace;
  private final String taskQueue;
  private final Duration deadline;

  TemporalHealthIndicator(
      WorkflowServiceStubs stubs,
      WorkerFactory workers,
      String namespace,
      String taskQueue,
      Duration deadline) {
    super("Temporal health check failed");
    this.stubs = stubs;
    this.workers = workers;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
    this.deadline = deadline;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("namespace", namespace).withDetail("taskQueue", taskQueue);
    try {
      String version =
          stub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
      builder.withDetail("serverVersion", version.isEmpty() ? "unknown" : version);
      stub()
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
    } catch (StatusRuntimeException e) {
      builder
          .down()
          .withDetail("error", e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      return;
    }
    boolean polling = workers.isStarted() && !workers.isShutdown();
    builder.withDetail("workers", polling ? "polling" : "not polling");
    try {
      int pollers =
          stub()
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(namespace)
                      .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue).build())
                      .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build())
              .getPollersCount();
      builder.withDetail("workflowPollers", pollers);
    } catch (StatusRuntimeException e) {
      // The in-process test server lacks some calls; the frontend answered above, which is what
      // this check is about.
      builder.withDetail("workflowPollers", "unknown (" + e.getStatus().getCode() + ")");
    }
    if (polling) {
      builder.up();
    } else {
      builder.down();
    }
  }

  private WorkflowServiceBlockingStub stub() {
    return stubs.blockingStub().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }
}
