package dev.darkroom.orchestrator.launcher.kubernetes;

import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.PartitionWorkerCommand;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns what Kubernetes says about a partition's Job and its pod into a sentence for the
 * partition's {@code last_error}. Pure: the launcher feeds it what its informers saw.
 */
final class JobDiagnosis {

  /** Container waiting reasons that do not go away by themselves. */
  static final Set<String> STUCK_REASONS =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError");

  /**
   * How a Job ended, seen from Kubernetes.
   *
   * @param outOfMemory how its worker ran out of memory (e.g. {@code OOMKilled with memory limit
   *     1Gi}), or null when it ended otherwise; such an ending is counted ({@code
   *     PartitionRepository#markOutOfMemory}) rather than recorded as it is
   */
  record Ending(PartitionStatus status, String error, @Nullable String outOfMemory) {

    Ending(PartitionStatus status, String error) {
      this(status, error, null);
    }
  }

  private JobDiagnosis() {}

  /** Whether the Job has finished: its Complete or Failed condition is true. */
  static boolean finished(Job job) {
    return condition(job, "Complete") != null || condition(job, "Failed") != null;
  }

  static boolean succeeded(Job job) {
    return condition(job, "Complete") != null;
  }

  /**
   * Why a finished, failed Job failed, from its pod's container (OOMKilled, exit code), the pod
   * (Evicted) or the Job (DeadlineExceeded).
   */
  static Ending failed(
      Job job, List<Pod> pods, KubernetesLauncherProperties properties, boolean stopRequested) {
    String name = job.getMetadata().getName();
    JobCondition failed = condition(job, "Failed");
    if (failed != null && "DeadlineExceeded".equals(failed.getReason())) {
      return new Ending(
          PartitionStatus.FAILED,
          "the partition's Kubernetes Job "
              + name
              + " ran longer than its deadline ("
              + properties.activeDeadline()
              + ", darkroom.launcher.kubernetes.active-deadline) and was killed; committed chunks"
              + " stay, launch it again to go on or raise the deadline");
    }
    for (Pod pod : pods) {
      Optional<Ending> ending = podEnding(pod, stopRequested);
      if (ending.isPresent()) {
        return ending.get();
      }
    }
    String reason = failed == null ? "unknown" : failed.getReason() + ": " + failed.getMessage();
    return new Ending(
        PartitionStatus.FAILED,
        "the partition's Kubernetes Job " + name + " failed (" + reason + ")");
  }

  /**
   * The ending a terminated or evicted pod tells, if it tells one.
   *
   * @param stopRequested whether the worker was asked to stop: only then is exit code 3 a stop.
   *     Otherwise it is the JVM's own {@code -XX:+ExitOnOutOfMemoryError} exit (the default {@code
   *     java-options}), since a worker that stops on request records its end before it exits and
   *     its ending is never read from the pod.
   */
  static Optional<Ending> podEnding(Pod pod, boolean stopRequested) {
    String podName = pod.getMetadata().getName();
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    if ("Evicted".equals(pod.getStatus().getReason())) {
      return Optional.of(
          new Ending(
              PartitionStatus.FAILED,
              "the worker pod "
                  + podName
                  + " was evicted by its node ("
                  + pod.getStatus().getMessage()
                  + "); launch it again to go on from its unfinished units"));
    }
    for (ContainerStatus container : containers(pod)) {
      ContainerStateTerminated terminated =
          container.getState() == null ? null : container.getState().getTerminated();
      if (terminated == null) {
        continue;
      }
      Integer exitCode = terminated.getExitCode();
      if ("OOMKilled".equals(terminated.getReason())) {
        return Optional.of(
            new Ending(
                PartitionStatus.FAILED,
                "the worker pod "
                    + podName
                    + " ran out of memory (OOMKilled, exit code "
                    + exitCode
                    + "); give its pipeline more memory in"
                    + " darkroom.launcher.kubernetes.profiles.<pipeline>.memory",
                "pod " + podName + " OOMKilled with memory limit " + memoryLimit(pod)));
      }
      if (exitCode != null && exitCode == PartitionWorkerCommand.EXIT_STOPPED && !stopRequested) {
        return Optional.of(
            new Ending(
                PartitionStatus.FAILED,
                "the worker in pod "
                    + podName
                    + " ran out of Java heap (exit code 3 of -XX:+ExitOnOutOfMemoryError)",
                "pod "
                    + podName
                    + " java.lang.OutOfMemoryError with memory limit "
                    + memoryLimit(pod)));
      }
      if (exitCode == null || exitCode == PartitionWorkerCommand.EXIT_COMPLETED) {
        continue;
      }
      String message = terminated.getMessage() == null ? "" : ": " + terminated.getMessage();
      return Optional.of(
          switch (exitCode) {
            case PartitionWorkerCommand.EXIT_STOPPED ->
                new Ending(
                    PartitionStatus.STOPPED,
                    "the worker in pod " + podName + " stopped at a chunk boundary on request");
            case PartitionWorkerCommand.EXIT_USAGE ->
                new Ending(
                    PartitionStatus.FAILED,
                    "the worker in pod "
                        + podName
                        + " refused its arguments or configuration (exit code 2)"
                        + message
                        + "; its log says which, relaunching will not help");
            default ->
                new Ending(
                    PartitionStatus.FAILED,
                    "the worker in pod "
                        + podName
                        + " exited with code "
                        + exitCode
                        + " ("
                        + terminated.getReason()
                        + ")"
                        + message
                        + "; its log says why");
          });
    }
    return Optional.empty();
  }

  /**
   * The reason a pod's container cannot start (an image that cannot be pulled, a missing Secret),
   * or null while it starts normally.
   */
  static @Nullable String stuck(Pod pod) {
    for (ContainerStatus container : containers(pod)) {
      ContainerStateWaiting waiting =
          container.getState() == null ? null : container.getState().getWaiting();
      if (waiting != null && STUCK_REASONS.contains(waiting.getReason())) {
        return waiting.getReason()
            + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")");
      }
    }
    return null;
  }

  static Ending stuckFor(Pod pod, String reason, Duration waited) {
    return new Ending(
        PartitionStatus.FAILED,
        "the worker pod "
            + pod.getMetadata().getName()
            + " could not start its container for "
            + waited.toSeconds()
            + "s: "
            + reason
            + "; check darkroom.launcher.kubernetes.image and the Secret and ConfigMap it uses");
  }

  /** The worker container's memory limit, as the pod spec says. */
  static String memoryLimit(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return "unknown";
    }
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getResources() != null && c.getResources().getLimits() != null)
        .map(c -> c.getResources().getLimits().get("memory"))
        .filter(java.util.Objects::nonNull)
        .map(Object::toString)
        .findFirst()
        .orElse("none");
  }

  private static List<ContainerStatus> containers(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  private static @Nullable JobCondition condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst()
        .orElse(null);
  }
}
