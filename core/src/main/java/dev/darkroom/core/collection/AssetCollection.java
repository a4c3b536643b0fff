package dev.darkroom.core.collection;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@code collection} row with its size, as kept (never counted on demand, ADR 0027).
 *
 * @param query the saved query of a dynamic collection; null for a static one
 * @param memberCount a static collection's members, exact and current (kept by triggers); a dynamic
 *     one's matches when it was last counted ({@code countedAt}), or PostgreSQL's estimate if it
 *     has not been counted yet ({@code countEstimated})
 * @param countedAt when a dynamic collection's {@code memberCount} was counted; null for a static
 *     one (always current) and for a dynamic one not counted yet
 * @param countEstimated whether {@code memberCount} is the query planner's estimate, not a count
 */
public record AssetCollection(
    long id,
    String name,
    CollectionKind kind,
    @Nullable String query,
    @Nullable String description,
    Instant createdAt,
    long memberCount,
    @Nullable Instant countedAt,
    boolean countEstimated) {

  public AssetCollection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A dynamic collection whose count is missing or was counted before {@code cutoff}. */
  public boolean countOlderThan(Instant cutoff) {
    return kind == CollectionKind.DYNAMIC && (countedAt == null || countedAt.isBefore(cutoff));
  }
}
