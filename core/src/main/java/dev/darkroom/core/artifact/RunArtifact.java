package dev.darkroom.core.artifact;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An artifact a run produced, with the lineage that says why it exists. */
public record RunArtifact(
    long id,
    long runId,
    String kind,
    @Nullable Long assetId,
    @Nullable String unitKey,
    @Nullable String storageKey,
    @Nullable String sha256,
    @Nullable Long sizeBytes,
    @Nullable String mediaType,
    @Nullable String inlineJson,
    Instant createdAt,
    @Nullable Instant expiresAt,
    String toolId,
    String toolVersion,
    String parametersJson,
    String paramsHash) {}
