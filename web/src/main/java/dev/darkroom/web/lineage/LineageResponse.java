package dev.darkroom.web.lineage;

import dev.darkroom.core.lineage.Lineage;
import dev.darkroom.web.catalog.JsonValues;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Why an artifact exists, as {@code GET /api/artifacts/{id}/lineage} answers.
 *
 * @param parameters the tool's effective parameters (defaults included), canonical JSON
 * @param paramsHash SHA-256 of the canonical parameters: equal hashes, equal parameters
 * @param inputs artifacts it was derived from besides the original asset
 * @param createdAt when the lineage (and the artifact) was committed
 */
public record LineageResponse(
    ArtifactItem artifact,
    RunRef run,
    Versioned pipeline,
    Versioned tool,
    @Nullable JsonNode parameters,
    String paramsHash,
    List<ArtifactItem> inputs,
    Instant createdAt) {

  /** The run that produced the artifact; {@code page} is its dashboard page. */
  public record RunRef(long id, String status, String policy, String url, String page) {}

  /** A pipeline or tool id with the version that was used. */
  public record Versioned(String id, String version) {}

  public static LineageResponse of(Lineage lineage) {
    return new LineageResponse(
        ArtifactItem.of(lineage.artifact()),
        new RunRef(
            lineage.runId(),
            lineage.runStatus().name(),
            lineage.policy().name(),
            "/api/runs/" + lineage.runId(),
            "/runs/" + lineage.runId()),
        new Versioned(lineage.pipelineId(), lineage.pipelineVersion()),
        new Versioned(lineage.toolId(), lineage.toolVersion()),
        JsonValues.tree(lineage.parametersJson()),
        lineage.paramsHash(),
        lineage.inputs().stream().map(ArtifactItem::of).toList(),
        lineage.createdAt());
  }
}
