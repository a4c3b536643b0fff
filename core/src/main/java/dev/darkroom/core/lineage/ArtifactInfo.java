package dev.darkroom.core.lineage;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One {@code artifact} row: a stored blob ({@code storageKey}) or a small inline JSON value.
 *
 * @param assetId the asset it was derived from; null for artifacts of several assets
 * @param sha256 of the stored blob; null for inline values
 * @param inlineJson the inline value; null for stored blobs
 * @param expiresAt when a sandbox artifact expires; null if kept
 */
public record ArtifactInfo(
    long id,
    String kind,
    @Nullable Long assetId,
    long runId,
    @Nullable String storageKey,
    @Nullable String sha256,
    @Nullable Long sizeBytes,
    @Nullable String mediaType,
    @Nullable String inlineJson,
    Instant createdAt,
    @Nullable Instant expiresAt) {

  public boolean inline() {
    return storageKey == null;
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
