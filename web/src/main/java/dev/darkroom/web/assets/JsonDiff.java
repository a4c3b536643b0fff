package dev.darkroom.web.assets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What differs between two JSON documents, leaf by leaf: each changed, added or removed value with
 * its JSON Pointer (RFC 6901). Enough to see that metadata tool v3 found a capture time where v2
 * found none, without reading two documents side by side.
 */
final class JsonDiff {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One difference.
   *
   * @param path a JSON Pointer, e.g. {@code /gps/latitude}
   * @param from the value in the first document as JSON text; null when absent there
   * @param to the value in the second document as JSON text; null when absent there
   */
  record Change(String path, @Nullable String from, @Nullable String to) {}

  private JsonDiff() {}

  /** The changes from {@code from} to {@code to}, in path order; empty when equal. */
  static List<Change> between(@Nullable String from, @Nullable String to) {
    Map<String, String> before = leaves(from);
    Map<String, String> after = leaves(to);
    List<Change> changes = new ArrayList<>();
    for (String path : new TreeSet<>(union(before, after))) {
      String a = before.get(path);
      String b = after.get(path);
      if (a == null ? b != null : !a.equals(b)) {
        changes.add(new Change(path, a, b));
      }
    }
    return changes;
  }

  private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static Map<String, String> leaves(@Nullable String json) {
    Map<String, String> leaves = new TreeMap<>();
    if (json == null) {
      return leaves;
    }
    try {
      flatten("", JSON.readTree(json), leaves);
    } catch (JacksonException e) {
      leaves.put("", json); // not JSON after all: compare it as one value
    }
    return leaves;
  }

  private static void flatten(String path, JsonNode node, Map<String, String> leaves) {
    if (node.isObject() && !node.isEmpty()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        flatten(path + "/" + escape(field.getKey()), field.getValue(), leaves);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(path + "/" + i, node.get(i), leaves);
      }
    } else {
      leaves.put(path, node.toString());
    }
  }

  /** RFC 6901: "~" is "~0", "/" is "~1". */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
