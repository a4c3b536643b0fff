package dev.darkroom.core.run;

import java.util.Map;

/**
 * Everything a worker needs to execute one partition, in this JVM, another process or a pod: the
 * run and partition (the units are in {@code run_unit}), the pipeline pinned by the run, and
 * settings to pass through (for example {@code darkroom.archive.roots}); database, storage and
 * archive mounts come from the worker's own configuration.
 *
 * @param settings Spring properties handed to an out-of-process worker; may be empty
 */
public record PartitionLaunch(
    long runId,
    int partitionNo,
    String pipelineId,
    String pipelineVersion,
    Map<String, String> settings) {

  public PartitionLaunch {
    settings = Map.copyOf(settings);
  }
}
