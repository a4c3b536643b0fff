package dev.darkroom.web.collections;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionKind;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A collection as the API shows it.
 *
 * @param query a dynamic collection's saved query; null for a static one
 * @param memberCount a static collection's members; a dynamic one's current matches
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
