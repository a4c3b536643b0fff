package dev.darkroom.core.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A recursive-descent parser for the grammar in docs/query-language.md, one method per rule:
 *
 * <pre>
 * query    = [ or_expr ] ;
 * or_expr  = and_expr { "OR" and_expr } ;
 * and_expr = unary { [ "AND" ] unary } ;
 * unary    = "-" unary | "NOT" unary | primary ;
 * primary  = "(" or_expr ")" | term ;
 * term     = field ":" value | word ;
 * </pre>
 *
 * It reads characters directly (no separate lexer), so every error knows its exact column. Term
 * values are checked by {@link TermValues}. Not thread-safe; {@link #parse} makes one per query.
 */
public final class QueryParser {

  /** Longer queries are refused rather than parsed: they are not typed by people. */
  public static final int MAX_LENGTH = 4096;

  /** Deeper nesting is refused, so a hostile query cannot exhaust the stack. */
  static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;
  private int depth;

  private QueryParser(String text) {
    this.text = text;
  }

  /**
   * Parses a query.
   *
   * @return the expression, or null for a blank query (which matches every asset)
   * @throws QueryParseException if the text does not follow the grammar
   */
  public static @Nullable Expr parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new QueryParseException(
          MAX_LENGTH,
          "a query of at most " + MAX_LENGTH + " characters",
          "one of " + text.length(),
          "");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
        throw new QueryParseException(
            i, "printable characters", String.format("the control character U+%04X", (int) c), "");
      }
    }
    QueryParser parser = new QueryParser(text);
    parser.skipSpace();
    if (parser.atEnd()) {
      return null;
    }
    Expr expr = parser.orExpr();
    parser.skipSpace();
    if (!parser.atEnd()) {
      // Only a ')' without its '(' stops or_expr before the end.
      throw new QueryParseException(
          parser.pos,
          "a term or the end of the query",
          parser.found(),
          "there is no \"(\" for this \")\" to close");
    }
    return expr;
  }

  private Expr orExpr() {
    List<Expr> operands = new ArrayList<>();
    operands.add(andExpr());
    while (true) {
      skipSpace();
      if (!atKeyword("OR")) {
        break;
      }
      pos += 2;
      operands.add(andExpr());
    }
    return operands.size() == 1 ? operands.get(0) : new Expr.Or(operands);
  }

  private Expr andExpr() {
    List<Expr> operands = new ArrayList<>();
    operands.add(unary());
    while (true) {
      skipSpace();
      if (atEnd() || peek() == ')' || atKeyword("OR")) {
        break;
      }
      if (atKeyword("AND")) {
        pos += 3;
      }
      operands.add(unary());
    }
    return operands.size() == 1 ? operands.get(0) : new Expr.And(operands);
  }

  private Expr unary() {
    skipSpace();
    if (!atEnd() && peek() == '-') {
      pos++;
      if (atEnd() || Character.isWhitespace(peek())) {
        throw new QueryParseException(
            pos, "a term or \"(\" right after \"-\"", found(), "write -has:phash, without a space");
      }
      return new Expr.Not(nested(this::unary));
    }
    if (atKeyword("NOT")) {
      pos += 3;
      return new Expr.Not(nested(this::unary));
    }
    return primary();
  }

  private Expr primary() {
    skipSpace();
    if (atEnd()) {
      throw new QueryParseException(pos, "a term", found(), "");
    }
    char c = peek();
    if (c == '(') {
      int open = pos;
      pos++;
      skipSpace();
      if (!atEnd() && peek() == ')') {
        throw new QueryParseException(pos, "a term inside the parentheses", found(), "");
      }
      Expr inner = nested(this::orExpr);
      skipSpace();
      if (atEnd() || peek() != ')') {
        throw new QueryParseException(
            pos, "\")\" to close the \"(\" at column " + open, found(), "");
      }
      pos++;
      requireSeparator();
      return inner;
    }
    if (c == ')') {
      throw new QueryParseException(pos, "a term", found(), "");
    }
    for (String keyword : List.of("OR", "AND", "NOT")) {
      if (atKeyword(keyword)) {
        throw new QueryParseException(
            pos,
            "a term before \"" + keyword + "\"",
            found(),
            "to search for the word " + keyword + ", quote it: \"" + keyword + "\"");
      }
    }
    return term();
  }

  private Expr term() {
    int start = pos;
    if (peek() == '"') {
      TermValues.Value word = quoted();
      requireSeparator();
      if (word.text().isEmpty()) {
        throw new QueryParseException(start, "a word inside the quotes", "\"\"", "");
      }
      return new Expr.Word(word.text());
    }
    int end = pos;
    while (end < text.length() && isAsciiLetter(text.charAt(end))) {
      end++;
    }
    if (end > pos && end < text.length() && text.charAt(end) == ':') {
      String field = text.substring(pos, end).toLowerCase(Locale.ROOT);
      if (!TermValues.FIELDS.contains(field)) {
        throw new QueryParseException(
            start,
            "a field (" + String.join(", ", TermValues.FIELDS) + ") or a word",
            quote(text.substring(pos, end + 1)),
            "quote a word that contains \":\", e.g. \"" + text.substring(pos, end) + ":…\"");
      }
      pos = end + 1;
      if (atEnd() || Character.isWhitespace(peek()) || peek() == ')' || peek() == '(') {
        throw new QueryParseException(
            pos, TermValues.describe(field) + " after \"" + field + ":\"", found(), "");
      }
      TermValues.Value value = peek() == '"' ? quoted() : bare();
      requireSeparator();
      return TermValues.parse(field, value);
    }
    TermValues.Value word = bare();
    requireSeparator();
    return new Expr.Word(word.text());
  }

  /** A run of characters up to a space, a parenthesis or a quote. */
  private TermValues.Value bare() {
    int start = pos;
    while (!atEnd()) {
      char c = peek();
      if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '"') {
        break;
      }
      pos++;
    }
    int[] columns = new int[pos - start];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = start + i;
    }
    return new TermValues.Value(text.substring(start, pos), columns, pos);
  }

  /** A string in double quotes; {@code \"} and {@code \\} are its only escapes. */
  private TermValues.Value quoted() {
    int open = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    List<Integer> columns = new ArrayList<>();
    while (true) {
      if (atEnd()) {
        throw new QueryParseException(
            pos, "a closing \" for the string opened at column " + open, found(), "");
      }
      char c = peek();
      if (c == '"') {
        int end = pos;
        pos++;
        return new TermValues.Value(
            value.toString(), columns.stream().mapToInt(Integer::intValue).toArray(), end);
      }
      if (c == '\\') {
        if (pos + 1 >= text.length()) {
          throw new QueryParseException(
              pos + 1, "\\\" or \\\\ after a backslash", "the end of the query", "");
        }
        char escaped = text.charAt(pos + 1);
        if (escaped != '"' && escaped != '\\') {
          throw new QueryParseException(
              pos,
              "\\\" or \\\\ after a backslash",
              quote("\\" + escaped),
              "write \\\\ for a backslash");
        }
        columns.add(pos);
        value.append(escaped);
        pos += 2;
        continue;
      }
      columns.add(pos);
      value.append(c);
      pos++;
    }
  }

  private void requireSeparator() {
    if (atEnd() || Character.isWhitespace(peek()) || peek() == ')') {
      return;
    }
    throw new QueryParseException(
        pos,
        "a space between terms",
        found(),
        "quote values and words that contain parentheses or quotes, e.g. path:\"photos (1)\"");
  }

  private Expr nested(java.util.function.Supplier<Expr> rule) {
    if (++depth > MAX_DEPTH) {
      throw new QueryParseException(
          pos, "at most " + MAX_DEPTH + " nested groups or negations", found(), "");
    }
    try {
      return rule.get();
    } finally {
      depth--;
    }
  }

  /** An upper-case keyword standing alone: followed by a space, a parenthesis or the end. */
  private boolean atKeyword(String keyword) {
    if (!text.startsWith(keyword, pos)) {
      return false;
    }
    int after = pos + keyword.length();
    if (after == text.length()) {
      return true;
    }
    char c = text.charAt(after);
    return Character.isWhitespace(c) || c == '(' || c == ')';
  }

  private void skipSpace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  /** What is at the current position, for an error message. */
  private String found() {
    if (atEnd()) {
      return "the end of the query";
    }
    if (Character.isWhitespace(peek())) {
      return "a space";
    }
    char c = peek();
    if (c == '"') {
      return "a quote (\")";
    }
    if (c == '(' || c == ')') {
      return quote(String.valueOf(c));
    }
    int end = pos;
    while (end < text.length()
        && !Character.isWhitespace(text.charAt(end))
        && text.charAt(end) != '('
        && text.charAt(end) != ')') {
      end++;
    }
    return quote(text.substring(pos, end));
  }

  static String quote(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return "\"" + shown + "\"";
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
