package dev.darkroom.core.query;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query over the catalog's assets, parsed and ready to compile: what the REST API, the asset
 * browser, collections and run scopes all take. A blank query matches every asset. Queries select
 * among assets that still have a live location (the archive as it is now).
 *
 * @param text the query as written
 * @param expr its parse tree; null for a blank query
 */
public record AssetQuery(String text, @Nullable Expr expr) {

  /** The condition that asset {@code a} has a live location; every query includes it. */
  public static final String LIVE =
      "EXISTS (SELECT 1 FROM asset_location live WHERE live.asset_id = a.id"
          + " AND live.gone_at IS NULL)";

  private static final AssetQuery ALL = new AssetQuery("", null);

  public AssetQuery {
    Objects.requireNonNull(text, "text");
  }

  /**
   * @throws QueryParseException with the column and what was expected, if the text is not a query
   */
  public static AssetQuery parse(String text) {
    return new AssetQuery(text, QueryParser.parse(text));
  }

  /**
   * A value as the query language reads it back unchanged: as is when it is a plain word, else in
   * double quotes with {@code "} and {@code \} escaped. For building queries from form fields.
   */
  public static String quote(String value) {
    boolean plain = !value.isEmpty() && value.charAt(0) != '-';
    for (int i = 0; plain && i < value.length(); i++) {
      char c = value.charAt(i);
      plain = !Character.isWhitespace(c) && c != '(' && c != ')' && c != '"' && c != ':';
    }
    if (plain && !value.equals("OR") && !value.equals("AND") && !value.equals("NOT")) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * Whether the query's condition reads nothing but the media type: {@code type:} terms under AND,
   * OR and NOT. Such a query can filter the per-media-type coverage counters (ADR 0029); a blank
   * query is not one (it matches everything).
   */
  public boolean onlyAsksMediaType() {
    return expr != null && onlyType(expr);
  }

  /** Whether any term of the query is of this kind ({@code Expr.Has.class}, …). */
  public boolean mentions(Class<? extends Expr> term) {
    return expr != null && mentions(expr, term);
  }

  private static boolean onlyType(Expr expr) {
    if (expr instanceof Expr.Type) {
      return true;
    }
    if (expr instanceof Expr.And and) {
      return and.operands().stream().allMatch(AssetQuery::onlyType);
    }
    if (expr instanceof Expr.Or or) {
      return or.operands().stream().allMatch(AssetQuery::onlyType);
    }
    if (expr instanceof Expr.Not not) {
      return onlyType(not.operand());
    }
    return false;
  }

  private static boolean mentions(Expr expr, Class<? extends Expr> term) {
    if (term.isInstance(expr)) {
      return true;
    }
    if (expr instanceof Expr.And and) {
      return and.operands().stream().anyMatch(e -> mentions(e, term));
    }
    if (expr instanceof Expr.Or or) {
      return or.operands().stream().anyMatch(e -> mentions(e, term));
    }
    if (expr instanceof Expr.Not not) {
      return mentions(not.operand(), term);
    }
    return false;
  }

  /** The query that matches every asset. */
  public static AssetQuery all() {
    return ALL;
  }

  public boolean matchesAll() {
    return expr == null;
  }

  /**
   * The query's own condition over {@code asset a} with its parameters (named {@code q1}, {@code
   * q2}…), without {@link #LIVE}.
   */
  public SqlFragment condition() {
    return QueryCompiler.compile(expr);
  }

  /** {@link #LIVE} and the query's condition, for a {@code WHERE} over {@code asset a}. */
  public SqlFragment where() {
    SqlFragment condition = condition();
    return new SqlFragment(
        matchesAll() ? LIVE : LIVE + " AND " + condition.sql(), condition.params());
  }

  /**
   * {@code SELECT a.id AS asset_id FROM asset a WHERE …}: the matching assets, as a run or a
   * collection snapshot takes them.
   */
  public SqlFragment liveAssetIds() {
    SqlFragment where = where();
    return new SqlFragment(
        "SELECT a.id AS asset_id FROM asset a WHERE " + where.sql(), where.params());
  }
}
