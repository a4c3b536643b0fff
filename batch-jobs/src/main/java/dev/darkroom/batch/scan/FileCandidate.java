package dev.darkroom.batch.scan;

import dev.darkroom.core.catalog.KnownLocation;
import org.jspecify.annotations.Nullable;

/** A walk entry of one root, with what the catalog already knows at its path. */
record FileCandidate(ScanRoot root, WalkEntry entry, @Nullable KnownLocation known) {}
