package dev.darkroom.core.asset;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Every column of one {@code asset} row: identity, technical metadata in typed columns, and the
 * free-form metadata document.
 *
 * @param metadataJson the {@code asset.metadata} JSON object, {@code {}} when empty
 */
public record AssetDetail(
    long id,
    String sha256,
    long sizeBytes,
    String mediaType,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Long durationMs,
    @Nullable Instant capturedAt,
    @Nullable String cameraMake,
    @Nullable String cameraModel,
    @Nullable String lens,
    @Nullable Double gpsLatitude,
    @Nullable Double gpsLongitude,
    @Nullable Integer orientation,
    String metadataJson,
    Instant createdAt,
    Instant updatedAt) {}
