package dev.darkroom.cli.api;

/** The server could not parse a query the user typed; knows the query to point at the column. */
public class InvalidQueryException extends ApiException {

  private final String query;

  public InvalidQueryException(ApiException cause, String query) {
    super(cause.status(), cause.getMessage(), cause.problem());
    this.query = query;
  }

  /**
   * Wraps {@code e} when it is an {@code invalid-query} problem, so the handler can draw a caret
   * under the column; other problems pass unchanged.
   */
  public static RuntimeException of(ApiException e, String query) {
    return e.problem() != null && e.problem().has("column")
        ? new InvalidQueryException(e, query)
        : e;
  }

  /** The query and a caret under the 0-based column the server named. */
  public String caret() {
    int column = problem() == null ? 0 : problem().path("column").asInt(0);
    return "  " + query + "\n  " + " ".repeat(Math.max(0, Math.min(column, query.length()))) + "^";
  }
}
