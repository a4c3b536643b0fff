package dev.darkroom.storage.archive;

import java.nio.file.Path;

/**
 * A configured archive root.
 *
 * @param name its stable name (last path component of the configured path)
 * @param path the configured, absolute, normalised path
 */
public record MountedRoot(String name, Path path) {}
