package dev.darkroom.web.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset-paged list. {@code next} is the opaque cursor to pass back as {@code after=}
 * for the following page; null on the last page. Keyset paging keeps every page as fast as the
 * first, however deep (offset paging is what makes big admin lists crawl).
 */
public record Page<T>(List<T> items, @Nullable String next) {

  /** Builds a page from {@code limit + 1} fetched rows: the extra row only proves a next exists. */
  public static <T> Page<T> of(
      List<T> fetched, int limit, java.util.function.Function<T, String> cursor) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, limit);
    return new Page<>(List.copyOf(items), cursor.apply(items.get(limit - 1)));
  }
}
