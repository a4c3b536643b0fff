package dev.darkroom.orchestrator.run;

import dev.darkroom.core.run.AggregateSteps;
import dev.darkroom.core.run.RunFinishing;
import dev.darkroom.core.run.RunPlanning;
import dev.darkroom.orchestrator.launcher.InProcessLauncherProperties;
import dev.darkroom.orchestrator.launcher.WorkerLaunchers;
import dev.darkroom.orchestrator.temporal.TemporalEndpoint;
import dev.darkroom.orchestrator.temporal.TemporalProperties;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link RunWorkflow} and {@link RunActivities} on the configured task queue while the
 * context is created (the {@code WorkerFactoryLifecycle} starts the factory afterwards), and
 * provides the {@link RunLauncherService}. Needs beans for the run ports.
 */
@Configuration(proxyBeanMethods = false)
// A run is planned for its launcher's slots (WorkerLaunchers#slots); the in-process launcher's
// thread count is read from these properties by the run service as well.
@EnableConfigurationProperties(InProcessLauncherProperties.class)
public class RunWorkerRegistration {

  // Heartbeats are throttled to 80% of the heartbeat timeout by default (24 s here), and a
  // cancellation only reaches an activity with a heartbeat's reply: send them every 2 s so a pause
  // or cancel reaches the job within seconds.
  static final Duration MAX_HEARTBEAT_THROTTLE = Duration.ofSeconds(2);

  @Bean
  Worker runWorker(
      WorkerFactory factory,
      TemporalProperties properties,
      RunPlanning planning,
      WorkerLaunchers launchers,
      RunFinishing finishing,
      RunStatusUpdates statusUpdates,
      ObjectProvider<AggregateSteps> aggregateSteps) {
    Worker worker =
        register(
            factory,
            properties.taskQueue(),
            new RunActivitiesImpl(
                planning,
                launchers,
                finishing,
                statusUpdates,
                RunActivitiesImpl.DEFAULT_POLL_INTERVAL));
    // The aggregate steps (near-duplicates) run in this worker, after a run's partitions.
    aggregateSteps.ifAvailable(
        steps ->
            worker.registerActivitiesImplementations(
                new AggregateActivitiesImpl(steps, RunActivitiesImpl.DEFAULT_POLL_INTERVAL)));
    return worker;
  }

  @Bean
  RunLauncherService runLauncherService(
      WorkflowClient client, TemporalProperties properties, TemporalEndpoint endpoint) {
    return new RunLauncherService(
        client,
        properties.taskQueue(),
        endpoint::reachable,
        endpoint.target(),
        properties.callTimeout());
  }

  /** Adds a worker for runs to a factory that has not started yet. */
  public static Worker register(WorkerFactory factory, String taskQueue, RunActivities activities) {
    Worker worker =
        factory.newWorker(
            taskQueue,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(MAX_HEARTBEAT_THROTTLE)
                .build());
    worker.registerWorkflowImplementationTypes(RunWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    return worker;
  }
}
