package dev.darkroom.core.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks and normalizes the value of each field, reporting the column of the offending character.
 */
final class TermValues {

  /** The fields, in the order the documentation and error messages list them. */
  static final List<String> FIELDS =
      List.of(
          "type",
          "taken",
          "path",
          "root",
          "camera",
          "has",
          "current",
          "stale",
          "missing",
          "failed",
          "collection",
          "sha",
          "size");

  private static final List<String> MEDIA_CLASSES = List.of("image", "video", "audio", "text");
  private static final String TOKEN = "[a-z0-9][a-z0-9!#$&^_.+-]*";
  private static final Pattern MEDIA_TYPE = Pattern.compile("(" + TOKEN + ")/(\\*|" + TOKEN + ")");
  private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([a-zA-Z]*)");
  private static final Map<String, Long> UNITS =
      Map.of(
          "",
          1L,
          "b",
          1L,
          "kb",
          1_000L,
          "mb",
          1_000_000L,
          "gb",
          1_000_000_000L,
          "tb",
          1_000_000_000_000L,
          "kib",
          1L << 10,
          "mib",
          1L << 20,
          "gib",
          1L << 30,
          "tib",
          1L << 40);
  private static final List<String> COMPARISONS = List.of(">=", "<=", ">", "<", "=");

  /**
   * A value as written, unquoted and unescaped.
   *
   * @param columns the query column of each character of {@code text}
   * @param end the column just after the value
   */
  record Value(String text, int[] columns, int end) {
    int column(int index) {
      return index < columns.length ? columns[index] : end;
    }
  }

  private TermValues() {}

  /** What a field's value looks like, for "expected …" messages. */
  static String describe(String field) {
    switch (field) {
      case "type":
        return "a media type like image, video, audio, text, image/jpeg or image/*";
      case "taken":
        return "a date like 2019-01";
      case "path":
        return "a path prefix like photos/2019";
      case "root":
        return "an archive root name";
      case "camera":
        return "a camera make or model like \"Canon EOS\"";
      case "has":
      case "current":
      case "stale":
      case "missing":
      case "failed":
        return "an artifact kind like thumbnail";
      case "collection":
        return "the name of a static collection";
      case "sha":
        return "a hex SHA-256 prefix like 3fa9";
      case "size":
        return "a size like 5MB";
      default:
        throw new IllegalArgumentException("unknown field " + field);
    }
  }

  static Expr parse(String field, Value value) {
    switch (field) {
      case "type":
        return type(value);
      case "taken":
        return taken(value);
      case "path":
        return new Expr.Path(stripLeadingSlashes(value.text()));
      case "root":
        return new Expr.Root(nonBlank(field, value));
      case "camera":
        return new Expr.Camera(nonBlank(field, value));
      case "has":
        return has(value);
      case "current":
      case "stale":
      case "missing":
      case "failed":
        return coverage(field, value);
      case "collection":
        return new Expr.InCollection(nonBlank(field, value));
      case "sha":
        return sha(value);
      case "size":
        return size(value);
      default:
        throw new IllegalArgumentException("unknown field " + field);
    }
  }

  private static Expr type(Value value) {
    String type = value.text().toLowerCase(Locale.ROOT);
    if (MEDIA_CLASSES.contains(type)) {
      return new Expr.Type(type, null);
    }
    Matcher m = MEDIA_TYPE.matcher(type);
    if (!m.matches()) {
      throw expected(value, 0, "type", value.text());
    }
    return new Expr.Type(m.group(1), m.group(2).equals("*") ? null : m.group(2));
  }

  private static Expr has(Value value) {
    String kind = value.text().toLowerCase(Locale.ROOT);
    if (!KIND.matcher(kind).matches()) {
      throw expected(value, 0, "has", value.text());
    }
    return new Expr.Has(kind);
  }

  private static Expr coverage(String field, Value value) {
    String kind = value.text().toLowerCase(Locale.ROOT);
    if (!KIND.matcher(kind).matches()) {
      throw expected(value, 0, field, value.text());
    }
    return new Expr.Coverage(Expr.Coverage.State.valueOf(field.toUpperCase(Locale.ROOT)), kind);
  }

  private static Expr sha(Value value) {
    String prefix = value.text().toLowerCase(Locale.ROOT);
    if (prefix.isEmpty()) {
      throw expected(value, 0, "sha", "");
    }
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new QueryParseException(
            value.column(i),
            "hex digits (0-9, a-f) in the SHA-256 prefix after \"sha:\"",
            QueryParser.quote(value.text().substring(i)),
            "");
      }
    }
    if (prefix.length() > 64) {
      throw new QueryParseException(
          value.column(64), "at most 64 hex digits after \"sha:\"", "more", "");
    }
    return new Expr.Sha(prefix);
  }

  private static String nonBlank(String field, Value value) {
    if (value.text().isBlank()) {
      throw expected(value, 0, field, value.text());
    }
    return value.text();
  }

  private static String stripLeadingSlashes(String path) {
    int i = 0;
    while (i < path.length() && path.charAt(i) == '/') {
      i++;
    }
    return path.substring(i);
  }

  private static Expr taken(Value value) {
    Range range = Range.split(value, "taken");
    if (range.comparison() != null) {
      Period p = date(value, range.from(), range.fromEnd());
      switch (range.comparison()) {
        case ">=":
          return new Expr.Taken(p.start(), null);
        case ">":
          return new Expr.Taken(p.end(), null);
        case "<=":
          return new Expr.Taken(null, p.end());
        case "<":
          return new Expr.Taken(null, p.start());
        default:
          return new Expr.Taken(p.start(), p.end());
      }
    }
    if (!range.isRange()) {
      Period p = date(value, range.from(), range.fromEnd());
      return new Expr.Taken(p.start(), p.end());
    }
    Period from = range.hasFrom() ? date(value, range.from(), range.fromEnd()) : null;
    Period to = range.hasTo() ? date(value, range.to(), value.text().length()) : null;
    if (from != null && to != null && !from.start().isBefore(to.end())) {
      throw new QueryParseException(
          value.column(range.to()),
          "an end date not before the start date " + value.text().substring(0, range.fromEnd()),
          QueryParser.quote(value.text().substring(range.to())),
          "");
    }
    return new Expr.Taken(from == null ? null : from.start(), to == null ? null : to.end());
  }

  private static Expr size(Value value) {
    Range range = Range.split(value, "size");
    if (range.comparison() != null) {
      long n = bytes(value, range.from(), range.fromEnd());
      switch (range.comparison()) {
        case ">=":
          return new Expr.Size(n, null);
        case ">":
          return new Expr.Size(n + 1, null);
        case "<=":
          return new Expr.Size(null, n);
        case "<":
          return new Expr.Size(null, n - 1);
        default:
          return new Expr.Size(n, n);
      }
    }
    if (!range.isRange()) {
      long n = bytes(value, range.from(), range.fromEnd());
      return new Expr.Size(n, n);
    }
    Long min = range.hasFrom() ? bytes(value, range.from(), range.fromEnd()) : null;
    Long max = range.hasTo() ? bytes(value, range.to(), value.text().length()) : null;
    if (min != null && max != null && min > max) {
      throw new QueryParseException(
          value.column(range.to()),
          "an upper size not below the lower size " + value.text().substring(0, range.fromEnd()),
          QueryParser.quote(value.text().substring(range.to())),
          "");
    }
    return new Expr.Size(min, max);
  }

  /** A calendar year, month or day as a half-open interval of days. */
  private record Period(LocalDate start, LocalDate end) {}

  private static Period date(Value value, int from, int to) {
    String text = value.text().substring(from, to);
    Matcher m = DATE.matcher(text);
    if (!m.matches()) {
      throw expected(value, from, "taken", text);
    }
    int year = Integer.parseInt(m.group(1));
    if (m.group(2) == null) {
      LocalDate start = LocalDate.of(year, 1, 1);
      return new Period(start, start.plusYears(1));
    }
    int month = Integer.parseInt(m.group(2));
    if (month < 1 || month > 12) {
      throw new QueryParseException(
          value.column(from + 5), "a month from 01 to 12", QueryParser.quote(m.group(2)), "");
    }
    if (m.group(3) == null) {
      LocalDate start = LocalDate.of(year, month, 1);
      return new Period(start, start.plusMonths(1));
    }
    try {
      LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
      return new Period(day, day.plusDays(1));
    } catch (DateTimeException e) {
      throw new QueryParseException(
          value.column(from + 8),
          "a day that exists in " + text.substring(0, 7),
          QueryParser.quote(m.group(3)),
          "");
    }
  }

  private static long bytes(Value value, int from, int to) {
    String text = value.text().substring(from, to);
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      throw expected(value, from, "size", text);
    }
    Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
    if (unit == null) {
      throw new QueryParseException(
          value.column(from + m.start(2)),
          "a size unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)",
          QueryParser.quote(m.group(2)),
          "");
    }
    BigDecimal bytes =
        new BigDecimal(m.group(1))
            .multiply(BigDecimal.valueOf(unit))
            .setScale(0, RoundingMode.HALF_UP);
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
      throw new QueryParseException(
          value.column(from), "a size below 4 EB", QueryParser.quote(text), "");
    }
    return bytes.longValueExact();
  }

  private static QueryParseException expected(Value value, int index, String field, String text) {
    return new QueryParseException(
        value.column(index),
        describe(field) + " after \"" + field + ":\"",
        text.isEmpty() ? "nothing" : QueryParser.quote(text),
        "");
  }

  /**
   * Where the parts of {@code >=a}, {@code a..b}, {@code ..b}, {@code a..} or {@code a} lie in a
   * value: {@code [from, fromEnd)} and {@code [to, length)}.
   */
  private record Range(
      @Nullable String comparison, int from, int fromEnd, int to, boolean isRange, int length) {

    static Range split(Value value, String field) {
      String text = value.text();
      for (String comparison : COMPARISONS) {
        if (text.startsWith(comparison)) {
          int start = comparison.length();
          if (start == text.length()) {
            throw expected(value, start, field, "");
          }
          return new Range(comparison, start, text.length(), text.length(), false, text.length());
        }
      }
      int dots = text.indexOf("..");
      if (dots < 0) {
        return new Range(null, 0, text.length(), text.length(), false, text.length());
      }
      if (dots == 0 && text.length() == 2) {
        throw expected(value, 0, field, text);
      }
      return new Range(null, 0, dots, dots + 2, true, text.length());
    }

    boolean hasFrom() {
      return fromEnd > from;
    }

    boolean hasTo() {
      return length > to;
    }
  }
}
