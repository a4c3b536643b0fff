package dev.darkroom.web.assets;

import dev.darkroom.core.query.AssetQuery;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The asset browser's simple filter inputs, turned into query-language terms appended to the query
 * box, so that a filter is always something a user can read, edit and reuse in the API.
 *
 * @param type image, video, audio or text
 * @param from first capture day, {@code yyyy-MM-dd} (an HTML date input)
 * @param to last capture day
 * @param has an artifact kind the asset must have
 * @param lacks an artifact kind the asset must not have
 */
record AssetFilters(
    @Nullable String type,
    @Nullable String from,
    @Nullable String to,
    @Nullable String path,
    @Nullable String camera,
    @Nullable String has,
    @Nullable String lacks) {

  boolean isEmpty() {
    return terms().isEmpty();
  }

  /** {@code q} followed by the terms of the filled-in filters. */
  String appendTo(String q) {
    List<String> parts = new ArrayList<>();
    if (!q.isBlank()) {
      parts.add(q.strip());
    }
    parts.addAll(terms());
    return String.join(" ", parts);
  }

  private List<String> terms() {
    List<String> terms = new ArrayList<>();
    if (filled(type)) {
      terms.add("type:" + AssetQuery.quote(type.strip()));
    }
    if (filled(from) || filled(to)) {
      String range = (filled(from) ? from.strip() : "") + ".." + (filled(to) ? to.strip() : "");
      terms.add("taken:" + AssetQuery.quote(range));
    }
    if (filled(path)) {
      terms.add("path:" + AssetQuery.quote(path.strip()));
    }
    if (filled(camera)) {
      terms.add("camera:" + AssetQuery.quote(camera.strip()));
    }
    if (filled(has)) {
      terms.add("has:" + AssetQuery.quote(has.strip()));
    }
    if (filled(lacks)) {
      terms.add("-has:" + AssetQuery.quote(lacks.strip()));
    }
    return terms;
  }

  private static boolean filled(@Nullable String value) {
    return value != null && !value.isBlank();
  }
}
