package dev.darkroom.core.run;

import org.jspecify.annotations.Nullable;

/**
 * A failed unit and where its original was read from.
 *
 * @param root the archive root's name; null when the asset has no location at all
 * @param relPath the path under that root
 */
public record LocatedFailedUnit(FailedUnit unit, @Nullable String root, @Nullable String relPath) {}
