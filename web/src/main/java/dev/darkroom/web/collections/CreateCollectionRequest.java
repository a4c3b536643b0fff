package dev.darkroom.web.collections;

import dev.darkroom.core.collection.CollectionKind;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/collections}: a name, and either a query or asset ids.
 *
 * <ul>
 *   <li>{@code {"name":"2019","kind":"DYNAMIC","query":"taken:2019"}}: the query is saved and
 *       evaluated whenever the collection is used;
 *   <li>{@code {"name":"2019 as of today","kind":"STATIC","query":"taken:2019"}}: a snapshot of
 *       what the query matches now;
 *   <li>{@code {"name":"picks","assetIds":[3,5,8]}}: exactly these assets ({@code kind} may be left
 *       out or {@code STATIC}).
 * </ul>
 */
public record CreateCollectionRequest(
    @Nullable String name,
    @Nullable String description,
    @Nullable CollectionKind kind,
    @Nullable String query,
    @Nullable List<Long> assetIds) {}
