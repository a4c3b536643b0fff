package dev.darkroom.cli.api;

import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A collection or schedule named on the command line by its id or by its (unique) name. */
public final class IdOrName {

  private IdOrName() {}

  /**
   * The resource {@code /api/<noun>s/<ref>} when {@code ref} is an id; otherwise the list item
   * named {@code ref}, passed through {@code named} (e.g. to fetch its details). An unknown name is
   * a 404 like an unknown id (exit code 3), pointing at {@code darkroom <noun>s list}.
   */
  public static JsonNode resolve(
      ApiClient api, String noun, String ref, UnaryOperator<JsonNode> named) {
    String path = "/api/" + noun + "s";
    if (ref.matches("\\d+")) {
      return api.get(path + "/" + ref);
    }
    for (JsonNode item : api.items(path, 0)) {
      if (item.path("name").asString().equals(ref)) {
        return named.apply(item);
      }
    }
    ObjectNode problem = ApiClient.JSON.createObjectNode();
    problem.put("type", "https://darkroom.dev/problems/unknown-" + noun);
    throw new ApiException(
        404, "no " + noun + " is named '" + ref + "' (darkroom " + noun + "s list)", problem);
  }
}
