package dev.darkroom.orchestrator.launcher.kubernetes;

import dev.darkroom.core.run.PartitionLaunch;
import dev.darkroom.core.run.PartitionWorkerCommand;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the {@code batch/v1} Job of one attempt at one partition, and reads back the labels that
 * identify it. The rendering with the default properties is {@code k8s/base/worker/worker-job.yaml}
 * (a test keeps them equal). Pure: no API calls.
 */
public final class PartitionJobs {

  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
  public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
  public static final String LABEL_PART_OF = "app.kubernetes.io/part-of";
  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String LABEL_RUN = "darkroom.dev/run";
  public static final String LABEL_PARTITION = "darkroom.dev/partition";
  public static final String LABEL_ATTEMPT = "darkroom.dev/attempt";
  public static final String ANNOTATION_PIPELINE = "darkroom.dev/pipeline";

  /** The value of {@link #LABEL_MANAGED_BY} on every Job this launcher creates. */
  public static final String MANAGED_BY = "darkroom-server";

  static final String COMPONENT = "worker";
  static final String CONTAINER = "worker";
  static final String GPU_RESOURCE = "nvidia.com/gpu";

  private PartitionJobs() {}

  /**
   * The Job's name: {@code darkroom-worker-r<run>-p<partition>-a<attempt>}, a DNS-1123 label of at
   * most 59 characters whatever the numbers (16 + 19 + 2 + 10 + 2 + 10), so it is a valid {@code
   * job-name} label value too. The prefix is what the {@code DarkroomWorkerJobsFailing} alert
   * matches.
   */
  public static String name(long runId, int partitionNo, int attempt) {
    return "darkroom-worker-r" + runId + "-p" + partitionNo + "-a" + attempt;
  }

  /** The labels that select every Job (and pod) of one partition, whatever the attempt. */
  public static Map<String, String> partitionSelector(long runId, int partitionNo) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    labels.put(LABEL_RUN, Long.toString(runId));
    labels.put(LABEL_PARTITION, Integer.toString(partitionNo));
    return labels;
  }

  /** The attempt number a Job of this launcher carries, if any. */
  public static Optional<Integer> attempt(Job job) {
    Map<String, String> labels = job.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(LABEL_ATTEMPT);
    try {
      return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The Job of attempt {@code attempt} at the launch's partition. */
  public static Job render(
      PartitionLaunch launch, int attempt, KubernetesLauncherProperties properties) {
    String name = name(launch.runId(), launch.partitionNo(), attempt);
    ResourceProfile profile = properties.profileFor(launch.pipelineId());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_NAME, "darkroom-worker");
    labels.put(LABEL_INSTANCE, name);
    labels.put(LABEL_COMPONENT, COMPONENT);
    labels.put(LABEL_PART_OF, "darkroom");
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    labels.put(LABEL_RUN, Long.toString(launch.runId()));
    labels.put(LABEL_PARTITION, Integer.toString(launch.partitionNo()));
    labels.put(LABEL_ATTEMPT, Integer.toString(attempt));
    // A pipeline id need not be a valid label value, so it is an annotation.
    Map<String, String> annotations =
        Map.of(ANNOTATION_PIPELINE, launch.pipelineId() + "@" + launch.pipelineVersion());

    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(profile.cpu()));
    requests.put("memory", new Quantity(profile.memory()));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    limits.put("memory", new Quantity(profile.memory()));
    if (profile.gpu() > 0) {
      limits.put(GPU_RESOURCE, new Quantity(Integer.toString(profile.gpu())));
    }
    List<EnvFromSource> envFrom = new ArrayList<>();
    if (!properties.configMap().isBlank()) {
      envFrom.add(
          new EnvFromSourceBuilder()
              .withNewConfigMapRef()
              .withName(properties.configMap())
              .endConfigMapRef()
              .build());
    }
    envFrom.add(
        new EnvFromSourceBuilder()
            .withNewSecretRef()
            .withName(properties.secret())
            .endSecretRef()
            .build());

    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(properties.namespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            // Temporal owns retries: a failed pod is a failed attempt, relaunched as a new Job.
            .withBackoffLimit(0)
            .withTtlSecondsAfterFinished(Math.toIntExact(properties.ttlAfterFinished().toSeconds()))
            .withActiveDeadlineSeconds(properties.activeDeadline().toSeconds())
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withServiceAccountName(properties.serviceAccount())
            .withAutomountServiceAccountToken(false)
            .withTolerations(
                profile.tolerations().stream()
                    .map(
                        t ->
                            new TolerationBuilder()
                                .withKey(t.key())
                                .withOperator(t.operator())
                                .withValue(t.value())
                                .withEffect(t.effect())
                                .build())
                    .toList())
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(10001L)
            .withRunAsGroup(10001L)
            .withFsGroup(10001L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName(CONTAINER)
            .withImage(properties.image())
            .withImagePullPolicy(properties.imagePullPolicy())
            .withCommand(properties.workerCommand())
            .withArgs(PartitionWorkerCommand.arguments(launch, attempt))
            .withEnvFrom(envFrom)
            .addNewEnv()
            .withName("JAVA_TOOL_OPTIONS")
            .withValue(properties.javaOptions())
            .endEnv()
            // The worker records this launcher on its partition (WorkerMain.LAUNCHER_PROPERTY).
            .addNewEnv()
            .withName("DARKROOM_WORKER_LAUNCHER")
            .withValue(KubernetesWorkerLauncher.NAME)
            .endEnv()
            .withNewResources()
            .withRequests(requests)
            .withLimits(limits)
            .endResources()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("archive")
            .withMountPath(properties.archiveMountPath())
            .withReadOnly(true)
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("1Gi"))
            .endEmptyDir()
            .endVolume()
            // Originals are read-only, always: in the claim and again in the mount.
            .addNewVolume()
            .withName("archive")
            .withNewPersistentVolumeClaim()
            .withClaimName(properties.archiveClaim())
            .withReadOnly(true)
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    if (!profile.nodeSelector().isEmpty()) {
      job.getSpec().getTemplate().getSpec().setNodeSelector(profile.nodeSelector());
    }
    return job;
  }
}
