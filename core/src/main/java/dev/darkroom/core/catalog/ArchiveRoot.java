package dev.darkroom.core.catalog;

import java.nio.file.Path;

/** A named archive mount. Locations are stored relative to it. */
public record ArchiveRoot(long id, String name, Path path) {}
