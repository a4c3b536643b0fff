package dev.darkroom.orchestrator.launcher.kubernetes;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.RunProperties;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kubernetes launcher, only with {@code darkroom.launcher.kubernetes.enabled=true}. It is a
 * {@link dev.darkroom.core.run.WorkerLauncher} bean named {@value KubernetesWorkerLauncher#NAME},
 * found by name among the launchers a run may choose. The client configures itself the usual way:
 * the pod's service account inside a cluster, {@code ~/.kube/config} or {@code KUBECONFIG} outside.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("darkroom.launcher.kubernetes.enabled")
@EnableConfigurationProperties(KubernetesLauncherProperties.class)
public class KubernetesLauncherConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  KubernetesClient darkroomKubernetesClient() {
    return new KubernetesClientBuilder().build();
  }

  @Bean(name = KubernetesWorkerLauncher.NAME, destroyMethod = "close")
  KubernetesWorkerLauncher kubernetesWorkerLauncher(
      KubernetesClient darkroomKubernetesClient,
      KubernetesLauncherProperties properties,
      PartitionJobService jobs,
      PartitionRepository partitions,
      RunProperties runs) {
    return new KubernetesWorkerLauncher(
        darkroomKubernetesClient,
        properties,
        jobs,
        partitions,
        Clock.systemUTC(),
        runs.outOfMemoryAttempts());
  }
}
