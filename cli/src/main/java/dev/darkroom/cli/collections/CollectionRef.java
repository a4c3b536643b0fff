package dev.darkroom.cli.collections;

import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A collection named on the command line by its id or its name. */
public final class CollectionRef {

  private CollectionRef() {}

  /** The collection's JSON; an unknown id or name is the server's 404 (exit code 3). */
  public static JsonNode resolve(ApiClient api, String idOrName) {
    if (idOrName.matches("\\d+")) {
      return api.get("/api/collections/" + idOrName);
    }
    for (JsonNode c : api.items("/api/collections", 0)) {
      if (c.path("name").asString().equals(idOrName)) {
        return c;
      }
    }
    ObjectNode problem = ApiClient.JSON.createObjectNode();
    problem.put("type", "https://darkroom.dev/problems/unknown-collection");
    throw new ApiException(
        404, "no collection is named '" + idOrName + "' (darkroom collections list)", problem);
  }
}
