package dev.darkroom.cli.collections;

import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.IdOrName;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A collection named on the command line by its id or its name, alone or as a scope. */
public final class CollectionRef {

  private CollectionRef() {}

  /** The collection's JSON; an unknown id or name is the server's 404 (exit code 3). */
  public static JsonNode resolve(ApiClient api, String idOrName) {
    return IdOrName.resolve(api, "collection", idOrName, c -> c);
  }

  /**
   * The API's scope of a run or schedule: the collection named by its id or name, else the query,
   * else every asset.
   */
  public static ObjectNode scope(
      ApiClient api, @Nullable String collection, @Nullable String query) {
    ObjectNode scope = ApiClient.JSON.createObjectNode();
    if (collection != null) {
      scope.put("collectionId", resolve(api, collection).path("id").asLong());
    } else if (query != null) {
      scope.put("query", query);
    } else {
      scope.put("all", true);
    }
    return scope;
  }
}
