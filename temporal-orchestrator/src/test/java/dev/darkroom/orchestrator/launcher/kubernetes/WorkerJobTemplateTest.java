package dev.darkroom.orchestrator.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionWorkerCommand;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker Job template in {@code k8s/base/worker/worker-job.yaml} (shipped as the ConfigMap
 * {@code darkroom-worker-job-template}) is what the launcher creates with its default
 * configuration, so operators read and can apply by hand exactly what the server launches.
 */
class WorkerJobTemplateTest {

  static final Path TEMPLATE = Path.of("../k8s/base/worker/worker-job.yaml");
  static final PartitionLaunch EXAMPLE = new PartitionLaunch(1, 0, "images-basic", "1", Map.of());

  final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void theManifestsWorkerTemplateIsWhatTheLauncherRendersWithItsDefaults() throws Exception {
    Job template = serialization.unmarshal(Files.readString(TEMPLATE), Job.class);

    Job rendered = PartitionJobs.render(EXAMPLE, 1, KubernetesLauncherProperties.defaults());

    assertThat(template)
        .as(
            "k8s/base/worker/worker-job.yaml; the launcher renders:%n%s",
            serialization.asYaml(rendered))
        .isEqualTo(rendered);
  }

  @Test
  void theTemplatesContainerRunsTheWorkerCommandWithTheSharedArguments() throws Exception {
    Job template = serialization.unmarshal(Files.readString(TEMPLATE), Job.class);
    var container = template.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getArgs()).isEqualTo(PartitionWorkerCommand.arguments(EXAMPLE, 1));
    assertThat(container.getCommand())
        .isEqualTo(KubernetesLauncherProperties.defaults().workerCommand());
  }

  @Test
  void theWorkerTakesItsEnvironmentFromTheServersConfigMapAndSecret() throws Exception {
    Job template = serialization.unmarshal(Files.readString(TEMPLATE), Job.class);
    String deployment = Files.readString(Path.of("../k8s/base/deployment.yaml"));
    var worker = template.getSpec().getTemplate().getSpec().getContainers().get(0);

    for (EnvFromSource source : worker.getEnvFrom()) {
      String name =
          source.getSecretRef() != null
              ? source.getSecretRef().getName()
              : source.getConfigMapRef().getName();
      assertThat(deployment).as("the server uses " + name + " too").contains("name: " + name);
    }
    assertThat(template.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("darkroom-worker");
  }
}
