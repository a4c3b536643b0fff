package dev.darkroom.web.collections;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionKind;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A collection as the API shows it.
 *
 * @param query a dynamic collection's saved query; null for a static one
 * @param memberCount a static collection's members, exact and current; a dynamic one's matches as
 *     of {@code countedAt}, or the query planner's estimate while {@code countEstimated}
 * @param countedAt when a dynamic collection was counted (counts older than {@code
 *     darkroom.collections.count-max-age} are recounted in the background); null for a static one,
 *     whose count is always current, and for a dynamic one not counted yet
 * @param countEstimated true while {@code memberCount} is an estimate (a dynamic collection not
 *     counted yet)
 * @param assetsUrl its members: a dynamic collection's as an asset search, a static one's as {@code
 *     /api/collections/{id}/assets}
 */
public record CollectionItem(
    long id,
    String name,
    CollectionKind kind,
    @Nullable String query,
    @Nullable String description,
    Instant createdAt,
    long memberCount,
    @Nullable Instant countedAt,
    boolean countEstimated,
    String url,
    @Nullable String assetsUrl) {

  static CollectionItem of(AssetCollection c) {
    return new CollectionItem(
        c.id(),
        c.name(),
        c.kind(),
        c.query(),
        c.description(),
        c.createdAt(),
        c.memberCount(),
        c.countedAt(),
        c.countEstimated(),
        "/api/collections/" + c.id(),
        c.query() == null
            ? "/api/collections/" + c.id() + "/assets"
            : org.springframework.web.util.UriComponentsBuilder.fromPath("/api/assets")
                .queryParam("q", c.query())
                .encode()
                .build()
                .toUriString());
  }
}
