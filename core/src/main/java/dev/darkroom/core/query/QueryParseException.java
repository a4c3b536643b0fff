package dev.darkroom.core.query;

/**
 * A query that does not follow the grammar of docs/query-language.md. The message reads {@code at
 * column 14: expected a date like 2019-01 after "taken:", found "20x9"}, sometimes followed by a
 * hint; {@link #column()} is 0-based, counted in characters (UTF-16 code units) of the query text.
 */
public class QueryParseException extends RuntimeException {

  private final int column;
  private final String expected;
  private final String found;

  /**
   * @param expected what would have been valid here, e.g. {@code a date like 2019-01 after
   *     "taken:"}
   * @param found what was there instead, e.g. {@code "20x9"} or {@code the end of the query}
   * @param hint an extra sentence on how to fix it, or empty
   */
  public QueryParseException(int column, String expected, String found, String hint) {
    super(
        "at column "
            + column
            + ": expected "
            + expected
            + ", found "
            + found
            + (hint.isEmpty() ? "" : "; " + hint));
    this.column = column;
    this.expected = expected;
    this.found = found;
  }

  public int column() {
    return column;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }
}
