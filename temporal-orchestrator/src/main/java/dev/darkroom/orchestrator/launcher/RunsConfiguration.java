package dev.darkroom.orchestrator.launcher;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.PipelineProgress;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.orchestrator.launcher.kubernetes.KubernetesLauncherConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What the run workflow's activities need: the batch jobs (with the JDBC {@code RunPlanning},
 * {@code RunFinishing} and run repositories of {@code dev.darkroom.batch.pipeline
 * .PipelineConfiguration}) and the {@link dev.darkroom.core.run.WorkerLauncher}, in-process for
 * now; the Kubernetes one too when enabled ({@link KubernetesLauncherConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import({BatchJobsConfiguration.class, KubernetesLauncherConfiguration.class})
@EnableConfigurationProperties(InProcessLauncherProperties.class)
public class RunsConfiguration {

  @Bean(destroyMethod = "close")
  InProcessWorkerLauncher inProcessWorkerLauncher(
      PartitionJobService jobs,
      PartitionRepository partitions,
      InProcessLauncherProperties properties) {
    return new InProcessWorkerLauncher(
        jobs, partitions, properties, PipelineProgress.Listener.NONE);
  }
}
