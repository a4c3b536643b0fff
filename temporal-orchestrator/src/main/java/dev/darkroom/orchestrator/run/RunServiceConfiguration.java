package dev.darkroom.orchestrator.run;

import dev.darkroom.batch.pipeline.RunCreation;
import dev.darkroom.batch.preflight.RunPreflight;
import dev.darkroom.core.installation.InstallationRepository;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.orchestrator.launcher.InProcessLauncherProperties;
import dev.darkroom.orchestrator.launcher.RunsConfiguration;
import dev.darkroom.orchestrator.launcher.WorkerLaunchers;
import dev.darkroom.orchestrator.temporal.TemporalConfiguration;
import dev.darkroom.orchestrator.temporal.WorkerFactoryLifecycle;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Runs in an application: Temporal ({@link TemporalConfiguration}), the batch jobs and the
 * in-process launcher ({@link RunsConfiguration}), the run worker ({@link RunWorkerRegistration}),
 * the status updates, the workflow ids ({@link RunWorkflowIds}), {@link RunService} and start-up
 * {@link RunReconciliation}. Import this one class to have runs.
 */
@Configuration(proxyBeanMethods = false)
@Import({
  TemporalConfiguration.class,
  RunsConfiguration.class,
  RunWorkerRegistration.class,
  JdbcRunStatusUpdates.class
})
public class RunServiceConfiguration {

  @Bean
  RunService runService(
      RunCreation creation,
      RunPreflight preflight,
      RunRepository runs,
      RunUnitRepository units,
      RunLauncherService launcher,
      RunWorkflowIds workflowIds,
      InProcessLauncherProperties launcherProperties,
      WorkerLaunchers launchers) {
    return new RunService(
        creation,
        preflight,
        runs,
        units,
        launcher,
        workflowIds,
        launcherProperties.threads(),
        launchers);
  }

  @Bean
  RunWorkflowIds runWorkflowIds(InstallationRepository installation) {
    return new RunWorkflowIds(installation);
  }

  @Bean
  RunReconciliation runReconciliation(
      RunRepository runs,
      RunService service,
      WorkflowClient client,
      ObjectProvider<WorkerFactoryLifecycle> workers) {
    return new RunReconciliation(runs, service, client, workers.getIfAvailable());
  }
}
