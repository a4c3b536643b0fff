package dev.darkroom.web.catalog;

import org.jspecify.annotations.Nullable;

/**
 * The {@code limit} and {@code after} parameters of keyset-paged lists. A cursor is the id of the
 * last item of the previous page; clients should treat it as opaque and pass back {@code next}.
 */
public final class Paging {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  private Paging() {}

  /**
   * @throws BadParameterException unless {@code 1 <= limit <= MAX_LIMIT}
   */
  public static int limit(@Nullable Integer limit) {
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new BadParameterException(
          "limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    return limit;
  }

  /**
   * The id after which the page starts: 0 (or {@code first}) without a cursor.
   *
   * @throws BadParameterException if the cursor is not one this API handed out
   */
  public static long after(@Nullable String after, long first) {
    if (after == null || after.isBlank()) {
      return first;
    }
    try {
      long id = Long.parseLong(after.strip());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadParameterException(
        "after",
        "after must be the 'next' cursor of a previous page, was '"
            + (after.length() > 40 ? after.substring(0, 40) + "…" : after)
            + "'; leave it out for the first page");
  }
}
