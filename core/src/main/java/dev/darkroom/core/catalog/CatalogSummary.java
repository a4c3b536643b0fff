package dev.darkroom.core.catalog;

import java.util.Map;

/** Totals for the whole catalog, as the main job and the dashboard show them. */
public record CatalogSummary(
    long assets,
    long totalBytes,
    long liveLocations,
    long goneLocations,
    long roots,
    Map<String, Long> assetsByMediaType) {}
