package dev.darkroom.core.coverage;

import org.jspecify.annotations.Nullable;

/**
 * A collection as the coverage map names it: without its member count, which for a dynamic
 * collection costs a run of its query.
 *
 * @param query the saved query of a dynamic collection; null for a static one
 */
public record CoverageScope(long id, String name, @Nullable String query) {}
