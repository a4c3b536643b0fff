package dev.darkroom.core.lineage;

import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunStatus;
import java.time.Instant;
import java.util.List;

/**
 * Why an artifact exists: which run made it, with which pipeline, which tool at which version, with
 * which effective parameters, from which input artifacts, and when.
 *
 * @param parametersJson the tool's effective parameters, canonical JSON
 * @param paramsHash SHA-256 hex of {@code parametersJson}
 * @param inputs the artifacts it was derived from besides the original; empty for per-asset tools
 */
public record Lineage(
    ArtifactInfo artifact,
    long runId,
    RunStatus runStatus,
    RunPolicy.Kind policy,
    String pipelineId,
    String pipelineVersion,
    String toolId,
    String toolVersion,
    String parametersJson,
    String paramsHash,
    Instant createdAt,
    List<ArtifactInfo> inputs) {

  public Lineage {
    inputs = List.copyOf(inputs);
  }
}
