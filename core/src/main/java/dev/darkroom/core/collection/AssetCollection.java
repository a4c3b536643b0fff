package dev.darkroom.core.collection;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code collection} row with its size.
 *
 * @param query the saved query of a dynamic collection; null for a static one
 * @param memberCount a static collection's members; for a dynamic one, the assets that match its
 *     query now
 */
public record AssetCollection(
    long id,
    String name,
    CollectionKind kind,
    @Nullable String query,
    @Nullable String description,
    Instant createdAt,
    long memberCount) {

  public AssetCollection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
