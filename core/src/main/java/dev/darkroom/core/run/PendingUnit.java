package dev.darkroom.core.run;

import org.jspecify.annotations.Nullable;

/**
 * An unfinished unit with what a worker needs to process it: the asset's media type and one live
 * location of its original.
 *
 * @param rootName the archive root of a live location, or null when the original is gone
 * @param relPath the path inside that root, or null when the original is gone
 */
public record PendingUnit(
    long runId,
    String unitKey,
    long assetId,
    int attempts,
    String mediaType,
    @Nullable String rootName,
    @Nullable String relPath) {}
