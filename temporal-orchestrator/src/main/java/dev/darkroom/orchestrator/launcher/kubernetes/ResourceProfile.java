package dev.darkroom.orchestrator.launcher.kubernetes;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a pipeline's worker pod asks of a node: the worker capability (cpu, memory class, gpu)
 * matched to the pipeline. {@code cpu} and {@code memory} are requested; {@code memory} is also the
 * limit (a worker that needs more is OOMKilled and says so on the partition); no CPU limit, so a
 * worker may use an idle core instead of being throttled. {@code gpu} GPUs are a limit of {@code
 * nvidia.com/gpu} (the NVIDIA device plugin's resource), which only nodes with GPUs offer.
 *
 * @param cpu Kubernetes quantity, e.g. {@code 1} or {@code 500m}
 * @param memory Kubernetes quantity, e.g. {@code 1Gi}
 * @param gpu GPUs per worker, 0 for none
 * @param nodeSelector node labels the pod must match, e.g. {@code darkroom.dev/gpu: "true"}
 * @param tolerations taints the pod tolerates, e.g. a GPU node's {@code nvidia.com/gpu:NoSchedule}
 */
public record ResourceProfile(
    @DefaultValue("1") String cpu,
    @DefaultValue("1Gi") String memory,
    @DefaultValue("0") int gpu,
    @DefaultValue Map<String, String> nodeSelector,
    @DefaultValue List<Toleration> tolerations) {

  /** The profile of a pipeline without one of its own: one core, 1 GiB, no GPU, any node. */
  public static final ResourceProfile DEFAULT =
      new ResourceProfile("1", "1Gi", 0, Map.of(), List.of());

  public ResourceProfile {
    if (gpu < 0) {
      throw new IllegalArgumentException("a resource profile's gpu must be 0 or more: " + gpu);
    }
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
  }

  /**
   * A Kubernetes toleration of a node taint.
   *
   * @param operator {@code Equal} (default) or {@code Exists}
   * @param effect {@code NoSchedule}, {@code PreferNoSchedule}, {@code NoExecute}, or null for all
   */
  public record Toleration(
      String key,
      @DefaultValue("Equal") String operator,
      @Nullable String value,
      @Nullable String effect) {}
}
