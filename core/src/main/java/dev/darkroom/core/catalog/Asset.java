package dev.darkroom.core.catalog;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One original file, identified by the SHA-256 of its content. */
public record Asset(
    long id,
    String sha256,
    long sizeBytes,
    String mediaType,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Instant capturedAt,
    @Nullable String cameraMake,
    @Nullable String cameraModel,
    Instant createdAt) {}
