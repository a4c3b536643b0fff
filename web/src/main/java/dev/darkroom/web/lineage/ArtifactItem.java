package dev.darkroom.web.lineage;

import dev.darkroom.core.lineage.ArtifactInfo;
import dev.darkroom.web.catalog.JsonValues;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An artifact as the API shows it, with links to its content and lineage.
 *
 * @param inline whether the value lives in the catalog row (small JSON) rather than the store
 * @param value the inline JSON value; null for stored blobs (fetch {@code contentUrl})
 * @param expiresAt when a sandbox artifact is removed; null if kept
 */
public record ArtifactItem(
    long id,
    String kind,
    @Nullable Long assetId,
    long runId,
    @Nullable String mediaType,
    @Nullable Long sizeBytes,
    @Nullable String sha256,
    boolean inline,
    @Nullable JsonNode value,
    Instant createdAt,
    @Nullable Instant expiresAt,
    String url,
    String contentUrl,
    String lineageUrl,
    String lineagePage) {

  public static ArtifactItem of(ArtifactInfo a) {
    return new ArtifactItem(
        a.id(),
        a.kind(),
        a.assetId(),
        a.runId(),
        a.inline() ? ArtifactContent.JSON : a.mediaType(),
        a.sizeBytes(),
        a.sha256(),
        a.inline(),
        a.inline() ? JsonValues.tree(a.inlineJson()) : null,
        a.createdAt(),
        a.expiresAt(),
        "/api/artifacts/" + a.id(),
        "/api/artifacts/" + a.id() + "/content",
        "/api/artifacts/" + a.id() + "/lineage",
        "/artifacts/" + a.id() + "/lineage");
  }
}
