package dev.darkroom.web.collections;

import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionKind;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.collection.InvalidCollectionException;
import dev.darkroom.core.query.AssetQuery;
import org.springframework.stereotype.Component;

/** Checks a {@link CreateCollectionRequest} and creates the collection it describes. */
@Component
class CollectionCreation {

  private final CollectionRepository collections;

  CollectionCreation(CollectionRepository collections) {
    this.collections = collections;
  }

  /**
   * @throws InvalidCollectionException for a request that names no or both sources, or a kind that
   *     does not fit
   * @throws dev.darkroom.core.query.QueryParseException for a query that does not parse
   */
  AssetCollection create(CreateCollectionRequest request) {
    if (request.name() == null || request.name().isBlank()) {
      throw new InvalidCollectionException("a collection needs a name");
    }
    boolean hasQuery = request.query() != null;
    boolean hasIds = request.assetIds() != null;
    if (hasQuery == hasIds) {
      throw new InvalidCollectionException(
          "give either a query (with kind DYNAMIC or STATIC) or a list of assetIds"
              + (hasQuery ? ", not both" : ""));
    }
    if (hasIds) {
      if (request.kind() == CollectionKind.DYNAMIC) {
        throw new InvalidCollectionException(
            "a collection of listed assetIds is STATIC; a DYNAMIC one needs a query");
      }
      if (request.assetIds().contains(null)) {
        throw new InvalidCollectionException("assetIds must be numbers, not null");
      }
      return collections.createStatic(request.name(), request.description(), request.assetIds());
    }
    AssetQuery query = AssetQuery.parse(request.query());
    if (request.kind() == null) {
      throw new InvalidCollectionException(
          "say what to keep of the query: kind DYNAMIC keeps the query (members change with the"
              + " catalog), kind STATIC keeps what it matches now");
    }
    return request.kind() == CollectionKind.DYNAMIC
        ? collections.createDynamic(request.name(), request.description(), query)
        : collections.createSnapshot(request.name(), request.description(), query);
  }
}
