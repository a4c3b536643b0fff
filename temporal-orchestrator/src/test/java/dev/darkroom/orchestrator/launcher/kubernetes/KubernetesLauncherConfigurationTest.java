package dev.darkroom.orchestrator.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.darkroom.batch.pipeline.PartitionJobService;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.RunProperties;
import dev.darkroom.core.run.WorkerLauncher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The launcher exists only when enabled, as a {@link WorkerLauncher} named "kubernetes". */
@EnableKubernetesMockClient(crud = true)
class KubernetesLauncherConfigurationTest {

  KubernetesClient client;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(KubernetesLauncherConfiguration.class)
        .withBean(KubernetesClient.class, () -> client, b -> b.setDestroyMethodName(""))
        .withBean(PartitionJobService.class, () -> mock(PartitionJobService.class))
        .withBean(PartitionRepository.class, () -> mock(PartitionRepository.class))
        .withBean(
            RunProperties.class,
            () -> new RunProperties(2000, 100, java.time.Duration.ofMillis(500), 20, 3));
  }

  @Test
  void withoutEnabledThereIsNoKubernetesLauncher() {
    runner().run(context -> assertThat(context).doesNotHaveBean(WorkerLauncher.class));
  }

  @Test
  void enabledTheLauncherIsAWorkerLauncherBeanNamedKubernetesWithProfilesPerPipeline() {
    runner()
        .withPropertyValues(
            "darkroom.launcher.kubernetes.enabled=true",
            "darkroom.launcher.kubernetes.image=registry.lan/darkroom:1.2.3",
            "darkroom.launcher.kubernetes.image-pull-wait=90s",
            "darkroom.launcher.kubernetes.default-profile.memory=2Gi",
            "darkroom.launcher.kubernetes.profiles.faces.cpu=4",
            "darkroom.launcher.kubernetes.profiles.faces.memory=6Gi",
            "darkroom.launcher.kubernetes.profiles.faces.gpu=1",
            "darkroom.launcher.kubernetes.profiles.faces.node-selector.[darkroom.dev/gpu]=true",
            "darkroom.launcher.kubernetes.profiles.faces.tolerations[0].key=nvidia.com/gpu",
            "darkroom.launcher.kubernetes.profiles.faces.tolerations[0].operator=Exists",
            "darkroom.launcher.kubernetes.profiles.faces.tolerations[0].effect=NoSchedule")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              WorkerLauncher launcher = context.getBean("kubernetes", WorkerLauncher.class);
              assertThat(launcher.name()).isEqualTo("kubernetes");
              KubernetesLauncherProperties properties =
                  context.getBean(KubernetesLauncherProperties.class);
              assertThat(properties.image()).isEqualTo("registry.lan/darkroom:1.2.3");
              assertThat(properties.imagePullWait()).isEqualTo(Duration.ofSeconds(90));
              assertThat(properties.namespace()).isEqualTo("darkroom");
              assertThat(properties.profileFor("faces"))
                  .isEqualTo(
                      new ResourceProfile(
                          "4",
                          "6Gi",
                          1,
                          Map.of("darkroom.dev/gpu", "true"),
                          List.of(
                              new ResourceProfile.Toleration(
                                  "nvidia.com/gpu", "Exists", null, "NoSchedule"))));
              assertThat(properties.profileFor("images-basic"))
                  .isEqualTo(new ResourceProfile("1", "2Gi", 0, Map.of(), List.of()));
            });
  }
}
