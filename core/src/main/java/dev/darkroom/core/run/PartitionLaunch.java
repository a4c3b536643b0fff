package dev.darkroom.core.run;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything a worker needs to execute one partition, in this JVM, another process or a pod: the
 * run and partition (the units are in {@code run_unit}), the pipeline pinned by the run, and
 * settings to pass through (for example {@code darkroom.archive.roots}); database, storage and
 * archive mounts come from the worker's own configuration.
 *
 * @param settings Spring properties handed to an out-of-process worker; may be empty
 * @param launcher the name of the {@link WorkerLauncher} the run chose; null for the server's
 *     default (and in workflow histories recorded before runs chose one)
 */
public record PartitionLaunch(
    long runId,
    int partitionNo,
    String pipelineId,
    String pipelineVersion,
    Map<String, String> settings,
    @Nullable String launcher) {

  public PartitionLaunch {
    settings = Map.copyOf(settings);
  }

  /** A launch on the server's default launcher. */
  public PartitionLaunch(
      long runId,
      int partitionNo,
      String pipelineId,
      String pipelineVersion,
      Map<String, String> settings) {
    this(runId, partitionNo, pipelineId, pipelineVersion, settings, null);
  }
}
