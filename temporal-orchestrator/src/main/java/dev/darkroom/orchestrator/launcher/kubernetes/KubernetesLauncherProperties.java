package dev.darkroom.orchestrator.launcher.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.launcher.kubernetes.*}. The defaults are the names {@code k8s/base} uses, so the
 * launcher of a server deployed from those manifests needs only {@code enabled=true}; the
 * manifests' worker Job template is what these defaults render (KubernetesJobTemplateTest).
 *
 * @param enabled create the launcher ({@code DARKROOM_LAUNCHER_KUBERNETES_ENABLED}, default false)
 * @param namespace where partition Jobs are created (the server's service account must be allowed
 *     to create, watch and delete Jobs there)
 * @param image the worker image: the server image, which holds the worker too
 * @param imagePullPolicy {@code IfNotPresent}, {@code Always} or {@code Never}
 * @param workerCommand the container's command that runs the worker; {@link
 *     dev.darkroom.core.run.PartitionWorkerCommand#arguments} are its arguments
 * @param javaOptions the worker JVM's options ({@code JAVA_TOOL_OPTIONS}); the heap follows the
 *     profile's memory limit
 * @param serviceAccount the worker pods' service account (no API token needed)
 * @param configMap the ConfigMap the worker takes its environment from, as the server does; blank
 *     for none
 * @param secret the Secret with the database and storage credentials, the server's own
 * @param archiveClaim the PersistentVolumeClaim of the archive, mounted read-only
 * @param archiveMountPath where the archive is mounted in the worker (matches {@code
 *     DARKROOM_ARCHIVE_ROOTS})
 * @param ttlAfterFinished how long Kubernetes keeps a finished Job and its pod (for its log)
 * @param activeDeadline the longest one attempt at a partition may run before Kubernetes kills it
 * @param imagePullWait how long a pod may wait for its image or its configuration before the
 *     attempt counts as failed
 * @param stopGrace how long a stop waits for the worker to stop at a chunk boundary before its Job
 *     is deleted anyway
 * @param defaultProfile the resource profile of pipelines without one in {@code profiles}
 * @param profiles resource profiles by pipeline id
 */
@ConfigurationProperties("darkroom.launcher.kubernetes")
public record KubernetesLauncherProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("darkroom") String namespace,
    @DefaultValue("darkroom/server:0.1.0") String image,
    @DefaultValue("IfNotPresent") String imagePullPolicy,
    @DefaultValue({
          "java",
          "-Dloader.main=dev.darkroom.batch.worker.WorkerMain",
          "-cp",
          "/app/darkroom.jar",
          "org.springframework.boot.loader.launch.PropertiesLauncher"
        })
        List<String> workerCommand,
    @DefaultValue("-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp")
        String javaOptions,
    @DefaultValue("darkroom-worker") String serviceAccount,
    @DefaultValue("darkroom-config") String configMap,
    @DefaultValue("darkroom-secrets") String secret,
    @DefaultValue("darkroom-archive") String archiveClaim,
    @DefaultValue("/archive/photos") String archiveMountPath,
    @DefaultValue("1h") Duration ttlAfterFinished,
    @DefaultValue("12h") Duration activeDeadline,
    @DefaultValue("3m") Duration imagePullWait,
    @DefaultValue("2m") Duration stopGrace,
    @DefaultValue ResourceProfile defaultProfile,
    @DefaultValue Map<String, ResourceProfile> profiles) {

  public KubernetesLauncherProperties {
    workerCommand = List.copyOf(workerCommand);
    profiles = Map.copyOf(profiles);
    if (workerCommand.isEmpty()) {
      throw new IllegalArgumentException(
          "darkroom.launcher.kubernetes.worker-command must name the worker's command");
    }
    if (activeDeadline.toSeconds() < 1 || ttlAfterFinished.isNegative()) {
      throw new IllegalArgumentException(
          "darkroom.launcher.kubernetes.active-deadline must be a second or more and"
              + " ttl-after-finished 0 or more");
    }
  }

  /** The launcher's defaults, as {@code k8s/base} deploys it. */
  public static KubernetesLauncherProperties defaults() {
    return new KubernetesLauncherProperties(
        true,
        "darkroom",
        "darkroom/server:0.1.0",
        "IfNotPresent",
        List.of(
            "java",
            "-Dloader.main=dev.darkroom.batch.worker.WorkerMain",
            "-cp",
            "/app/darkroom.jar",
            "org.springframework.boot.loader.launch.PropertiesLauncher"),
        "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp",
        "darkroom-worker",
        "darkroom-config",
        "darkroom-secrets",
        "darkroom-archive",
        "/archive/photos",
        Duration.ofHours(1),
        Duration.ofHours(12),
        Duration.ofMinutes(3),
        Duration.ofMinutes(2),
        ResourceProfile.DEFAULT,
        Map.of());
  }

  /** The resource profile of a pipeline: its own, else the default. */
  public ResourceProfile profileFor(String pipelineId) {
    return profiles.getOrDefault(pipelineId, defaultProfile);
  }
}
