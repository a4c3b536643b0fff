package dev.darkroom.core.lineage;

import dev.darkroom.core.run.RunPolicy;

/**
 * The newest artifact of one kind an asset has from one tool version with one set of parameters: a
 * sandbox run's 256 px thumbnail beside production's 512 px one, or metadata tool v2 beside v3.
 *
 * @param parametersJson the tool's effective parameters, canonical JSON
 */
public record ArtifactVariant(
    ArtifactInfo artifact,
    String toolId,
    String toolVersion,
    String parametersJson,
    String paramsHash,
    long runId,
    RunPolicy.Kind policy) {}
