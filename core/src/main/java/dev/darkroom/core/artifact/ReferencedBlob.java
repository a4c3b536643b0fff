package dev.darkroom.core.artifact;

/**
 * A storage key referenced by at least one {@code artifact} row, with what the rows expect of it.
 *
 * @param sha256 the rows' hash, or the one the key addresses when rows leave it empty
 * @param sizeBytes the rows' size, or {@code -1} when rows leave it empty
 */
public record ReferencedBlob(String storageKey, String sha256, long sizeBytes, String mediaType) {}
