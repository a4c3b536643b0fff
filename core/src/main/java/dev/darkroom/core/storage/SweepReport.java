package dev.darkroom.core.storage;

/**
 * What one sweep did.
 *
 * @param expiredRowsDeleted artifact rows deleted (with their lineage) because they expired
 * @param blobsDeleted blobs deleted because their last row went away
 * @param orphansDeleted blobs deleted that no row referenced (a crash between put and commit)
 * @param keptReferenced candidate blobs kept because a row still references them
 * @param keptInGrace candidate blobs kept because they were written within the grace period
 */
public record SweepReport(
    long expiredRowsDeleted,
    long blobsDeleted,
    long orphansDeleted,
    long keptReferenced,
    long keptInGrace) {}
