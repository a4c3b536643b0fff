package dev.darkroom.web.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/** JSON stored in the catalog (jsonb columns), as trees for the API and as rows for pages. */
public final class JsonValues {

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private JsonValues() {}

  /** The tree of a stored JSON text; a text that is not JSON becomes a JSON string. */
  public static @Nullable JsonNode tree(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JacksonException e) {
      return StringNode.valueOf(json);
    }
  }

  /** Indented JSON for a {@code <pre>}. */
  public static String pretty(@Nullable String json) {
    JsonNode tree = tree(json);
    return tree == null ? "" : JSON.writeValueAsString(tree);
  }

  /**
   * An object flattened into (dotted key, text) rows, e.g. {@code gps.latitude → 48.2}; arrays keep
   * their JSON text. A scalar is one row with an empty key.
   */
  public static List<Map.Entry<String, String>> rows(@Nullable String json) {
    List<Map.Entry<String, String>> rows = new ArrayList<>();
    JsonNode tree = tree(json);
    if (tree != null) {
      flatten("", tree, rows);
    }
    return rows;
  }

  private static void flatten(String prefix, JsonNode node, List<Map.Entry<String, String>> rows) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        flatten(
            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
            field.getValue(),
            rows);
      }
    } else if (node.isArray()) {
      rows.add(Map.entry(prefix, node.toString()));
    } else if (!node.isNull()) {
      rows.add(Map.entry(prefix, node.isString() ? node.asString() : node.toString()));
    }
  }
}
