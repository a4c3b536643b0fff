package dev.darkroom.web.runs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A failed unit: the tools' reasons and the original it was read from.
 *
 * @param path {@code <root>/<relative path>}; null when the asset has no location left
 * @param assetUrl the asset's page in the dashboard
 */
public record FailureView(
    String unitKey,
    long assetId,
    String error,
    int attempts,
    Instant updatedAt,
    @Nullable String path,
    String assetUrl) {}
