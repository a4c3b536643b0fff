package dev.darkroom.orchestrator.launcher;

import com.zaxxer.hikari.HikariDataSource;
import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.batch.pipeline.PipelineProgress;
import dev.darkroom.core.config.DarkroomProperties;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.RunProperties;
import dev.darkroom.core.run.WorkerLauncher;
import dev.darkroom.orchestrator.launcher.kubernetes.KubernetesLauncherConfiguration;
import dev.darkroom.orchestrator.launcher.process.PartitionLogs;
import dev.darkroom.orchestrator.launcher.process.ProcessLauncherProperties;
import dev.darkroom.orchestrator.launcher.process.ProcessWorkerLauncher;
import dev.darkroom.orchestrator.launcher.process.WorkerProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * What the run workflow's activities need: the batch jobs (with the JDBC {@code RunPlanning},
 * {@code RunFinishing} and run repositories of {@code dev.darkroom.batch.pipeline
 * .PipelineConfiguration}) and the {@link WorkerLaunchers}: in-process always, {@code process}
 * unless {@code darkroom.launcher.process.enabled=false}, and any other {@link WorkerLauncher} bean
 * (the Kubernetes launcher adds itself that way when enabled: {@link
 * KubernetesLauncherConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@Import({BatchJobsConfiguration.class, KubernetesLauncherConfiguration.class})
@EnableConfigurationProperties({
  InProcessLauncherProperties.class,
  ProcessLauncherProperties.class,
  DefaultLauncherProperties.class,
  DarkroomProperties.class
})
public class RunsConfiguration {

  @Bean(destroyMethod = "close")
  InProcessWorkerLauncher inProcessWorkerLauncher(
      PartitionJobService jobs,
      PartitionRepository partitions,
      InProcessLauncherProperties properties) {
    return new InProcessWorkerLauncher(
        jobs, partitions, properties, PipelineProgress.Listener.NONE);
  }

  @Bean
  PartitionLogs partitionLogs(ProcessLauncherProperties properties, DarkroomProperties darkroom) {
    Path dir =
        properties.logDir() != null
            ? properties.logDir()
            : darkroom.dataDir().resolve("logs").resolve("partitions");
    return new PartitionLogs(dir);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(
      name = "darkroom.launcher.process.enabled",
      havingValue = "true",
      matchIfMissing = true)
  ProcessWorkerLauncher processWorkerLauncher(
      PartitionJobService jobs,
      PartitionRepository partitions,
      ProcessLauncherProperties properties,
      PartitionLogs logs,
      ConfigurableEnvironment environment,
      DataSource dataSource,
      RunProperties runs) {
    Map<String, String> worker =
        WorkerProperties.of(
            environment,
            properties.forwardedProperties(),
            dataSource instanceof HikariDataSource hikari ? hikari : null);
    return new ProcessWorkerLauncher(
        jobs, partitions, properties, worker, logs, runs.outOfMemoryAttempts());
  }

  @Bean
  WorkerLaunchers workerLaunchers(
      List<WorkerLauncher> launchers,
      DefaultLauncherProperties defaults,
      InProcessLauncherProperties inProcess,
      ProcessLauncherProperties process) {
    return new WorkerLaunchers(
        launchers,
        defaults.defaultLauncher(),
        Map.of(
            InProcessWorkerLauncher.NAME,
            inProcess.threads(),
            ProcessWorkerLauncher.NAME,
            process.workers()),
        inProcess.threads());
  }
}
