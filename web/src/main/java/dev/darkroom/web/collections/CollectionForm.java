package dev.darkroom.web.collections;

import dev.darkroom.core.collection.CollectionKind;
import dev.darkroom.core.collection.InvalidCollectionException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The create form of the collections page.
 *
 * @param mode {@code DYNAMIC} (keep the query), {@code SNAPSHOT} (keep what it matches now) or
 *     {@code IDS} (the listed asset ids)
 * @param ids asset ids separated by commas or spaces
 */
record CollectionForm(
    @Nullable String name,
    @Nullable String description,
    @Nullable String mode,
    @Nullable String query,
    @Nullable String ids) {

  static CollectionForm empty(@Nullable String query) {
    return new CollectionForm("", "", "DYNAMIC", query == null ? "" : query, "");
  }

  CreateCollectionRequest toRequest() {
    String chosen = mode == null ? "DYNAMIC" : mode;
    if (chosen.equals("IDS")) {
      return new CreateCollectionRequest(
          name, blankToNull(description), CollectionKind.STATIC, null, parseIds());
    }
    return new CreateCollectionRequest(
        name,
        blankToNull(description),
        chosen.equals("SNAPSHOT") ? CollectionKind.STATIC : CollectionKind.DYNAMIC,
        query == null ? "" : query,
        null);
  }

  private List<Long> parseIds() {
    List<Long> parsed = new ArrayList<>();
    for (String part : (ids == null ? "" : ids).split("[,\\s]+")) {
      if (part.isEmpty()) {
        continue;
      }
      try {
        parsed.add(Long.valueOf(part));
      } catch (NumberFormatException e) {
        throw new InvalidCollectionException(
            "'" + part + "' is not an asset id; list numbers separated by commas or spaces");
      }
    }
    return parsed;
  }

  private static @Nullable String blankToNull(@Nullable String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
