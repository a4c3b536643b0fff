package dev.darkroom.orchestrator.schedules;

import dev.darkroom.core.installation.InstallationRepository;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.orchestrator.run.RunService;
import dev.darkroom.orchestrator.temporal.TemporalEndpoint;
import dev.darkroom.orchestrator.temporal.TemporalMode;
import dev.darkroom.orchestrator.temporal.TemporalProperties;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Schedules in an application that has runs ({@code RunServiceConfiguration}): the repository,
 * Temporal's schedule client, {@link ScheduleService}, start-up {@link ScheduleReconciliation}, and
 * the firing workflow and activities registered on the run worker (same task queue: a firing and
 * its run are served by the same workers).
 */
@Configuration(proxyBeanMethods = false)
public class SchedulesConfiguration {

  // A firing reads its run's status this often while it waits; one indexed query per run.
  static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

  /** Marks that the firing workflow and activities are on the run worker. */
  public record ScheduleWorkerRegistration(String taskQueue) {}

  @Bean
  ScheduleIds scheduleIds(InstallationRepository installation) {
    return new ScheduleIds(installation::shortId);
  }

  @Bean
  ScheduleRepository scheduleRepository(JdbcClient jdbc) {
    return new ScheduleRepository(jdbc);
  }

  @Bean
  ScheduleClient scheduleClient(WorkflowServiceStubs stubs, TemporalProperties properties) {
    return ScheduleClient.newInstance(
        stubs, ScheduleClientOptions.newBuilder().setNamespace(properties.namespace()).build());
  }

  @Bean
  TemporalSchedules temporalSchedules(
      ScheduleClient client,
      ScheduleIds ids,
      TemporalProperties properties,
      TemporalEndpoint endpoint) {
    return new TemporalSchedules(
        client, ids, properties.taskQueue(), endpoint::reachable, endpoint.target());
  }

  @Bean
  ScheduleFiring scheduleFiring(ScheduleRepository schedules, RunService runs) {
    return new ScheduleFiring(schedules, runs, POLL_INTERVAL);
  }

  @Bean
  ScheduleWorkerRegistration scheduleWorkerRegistration(
      Worker runWorker, ScheduleFiring firing, TemporalProperties properties) {
    runWorker.registerWorkflowImplementationTypes(ScheduledRunWorkflowImpl.class);
    runWorker.registerActivitiesImplementations(new ScheduleActivitiesImpl(firing));
    return new ScheduleWorkerRegistration(properties.taskQueue());
  }

  @Bean
  ScheduleService scheduleService(
      ScheduleRepository schedules,
      TemporalSchedules temporal,
      TemporalMode mode,
      PipelineRegistry pipelines,
      TransactionTemplate transactions) {
    return new ScheduleService(schedules, temporal, mode, pipelines, transactions);
  }

  @Bean
  ScheduleReconciliation scheduleReconciliation(
      ScheduleRepository schedules,
      TemporalSchedules temporal,
      TemporalMode mode,
      ScheduleWorkerRegistration registered) {
    return new ScheduleReconciliation(schedules, temporal, mode);
  }

  @Bean
  RunPromotion runPromotion(RunService runs, ScheduleService schedules) {
    return new RunPromotion(runs, schedules);
  }
}
