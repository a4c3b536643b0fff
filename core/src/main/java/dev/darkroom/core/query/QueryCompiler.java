package dev.darkroom.core.query;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compiles an {@link Expr} into a {@link SqlFragment} over {@code asset a}.
 *
 * <p>Terms about where a file is ({@code path:}, {@code root:} and free words) that are joined by
 * AND constrain one and the same live location, so {@code root:nas path:photos beach} means "a file
 * under nas/photos whose name contains beach". Negation treats an unknown value as not matching
 * before negating, so {@code -taken:2019} includes undated assets.
 *
 * <p>Performance notes (indexes in V1 and V9): path prefixes compare with the byte-wise operators
 * {@code ~>=~}/{@code ~<~} that {@code text_pattern_ops} indexes serve even in generic plans;
 * file-name words and camera text use {@code LIKE '%…%'}, which the trigram indexes of V9 serve
 * when {@code pg_trgm} is installed; SHA-256 prefixes are a {@code BETWEEN} on the unique index.
 */
public final class QueryCompiler {

  private static final String FILE_NAME = "lower(regexp_replace(l.rel_path, '^.*/', ''))";
  private static final String CAMERA =
      "lower(coalesce(a.camera_make, '') || ' ' || coalesce(a.camera_model, ''))";

  private final Map<String, Object> params = new LinkedHashMap<>();

  private QueryCompiler() {}

  /** The condition for an expression; null (a blank query) is {@link SqlFragment#TRUE}. */
  public static SqlFragment compile(@Nullable Expr expr) {
    if (expr == null) {
      return SqlFragment.TRUE;
    }
    QueryCompiler compiler = new QueryCompiler();
    String sql = compiler.expr(expr);
    return new SqlFragment(sql, compiler.params);
  }

  private String expr(Expr expr) {
    if (expr instanceof Expr.And and) {
      return and(and.operands());
    }
    if (expr instanceof Expr.Or or) {
      List<String> parts = new ArrayList<>();
      for (Expr operand : or.operands()) {
        parts.add(expr(operand));
      }
      return "(" + String.join(" OR ", parts) + ")";
    }
    if (expr instanceof Expr.Not not && not.operand() instanceof Expr.Has has) {
      return lacks(has);
    }
    if (expr instanceof Expr.Not not) {
      // Only a condition that can be NULL needs coalesce; NOT EXISTS stays an anti-join.
      String operand = expr(not.operand());
      return nullable(not.operand())
          ? "NOT coalesce(" + operand + ", false)"
          : "NOT (" + operand + ")";
    }
    if (isLocationTerm(expr)) {
      return location(List.of(expr));
    }
    return assetTerm(expr);
  }

  private String and(List<Expr> operands) {
    List<String> parts = new ArrayList<>();
    List<Expr> locationTerms = new ArrayList<>();
    for (Expr operand : operands) {
      if (isLocationTerm(operand)) {
        locationTerms.add(operand);
      } else {
        parts.add(expr(operand));
      }
    }
    if (!locationTerms.isEmpty()) {
      parts.add(location(locationTerms));
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
  }

  /** Whether the compiled condition can be NULL: only a capture date can be unknown. */
  private static boolean nullable(Expr expr) {
    if (expr instanceof Expr.Taken) {
      return true;
    }
    if (expr instanceof Expr.And and) {
      return and.operands().stream().anyMatch(QueryCompiler::nullable);
    }
    if (expr instanceof Expr.Or or) {
      return or.operands().stream().anyMatch(QueryCompiler::nullable);
    }
    return false;
  }

  private static boolean isLocationTerm(Expr expr) {
    return expr instanceof Expr.Path || expr instanceof Expr.Root || expr instanceof Expr.Word;
  }

  /** One live location that satisfies every term. */
  private String location(List<Expr> terms) {
    List<String> conditions = new ArrayList<>();
    for (Expr term : terms) {
      if (term instanceof Expr.Path path) {
        if (!path.prefix().isEmpty()) {
          conditions.add(
              "l.rel_path ~>=~ "
                  + param(path.prefix())
                  + " AND l.rel_path ~<~ "
                  + param(upperBound(path.prefix())));
        }
      } else if (term instanceof Expr.Root root) {
        conditions.add(
            "l.root_id = (SELECT r.id FROM archive_root r WHERE r.name = "
                + param(root.name())
                + ")");
      } else if (term instanceof Expr.Word word) {
        conditions.add(FILE_NAME + " LIKE " + contains(word.text()));
      }
    }
    StringBuilder sql =
        new StringBuilder(
            "EXISTS (SELECT 1 FROM asset_location l WHERE l.asset_id = a.id AND l.gone_at IS NULL");
    for (String condition : conditions) {
      sql.append(" AND ").append(condition);
    }
    return sql.append(")").toString();
  }

  private String assetTerm(Expr expr) {
    if (expr instanceof Expr.Type type) {
      if (type.subtype() == null) {
        // A byte-wise range rather than LIKE 'image/%' with a parameter, which no index serves in
        // a generic plan: type:audio on a catalog without audio must not walk every asset.
        String prefix = type.type() + "/";
        return "(a.media_type ~>=~ "
            + param(prefix)
            + " AND a.media_type ~<~ "
            + param(upperBound(prefix))
            + ")";
      }
      return "a.media_type = " + param(type.type() + "/" + type.subtype());
    }
    if (expr instanceof Expr.Taken taken) {
      return range("a.captured_at", timestamp(taken.from()), timestamp(taken.until()), false);
    }
    if (expr instanceof Expr.Size size) {
      return range("a.size_bytes", size.min(), size.max(), true);
    }
    if (expr instanceof Expr.Sha sha) {
      String low = sha.prefix() + "0".repeat(64 - sha.prefix().length());
      String high = sha.prefix() + "f".repeat(64 - sha.prefix().length());
      return "a.sha256 BETWEEN " + param(low) + " AND " + param(high);
    }
    if (expr instanceof Expr.Camera camera) {
      return CAMERA + " LIKE " + contains(camera.text());
    }
    if (expr instanceof Expr.Has has) {
      return "EXISTS (SELECT 1 FROM artifact t WHERE t.asset_id = a.id AND t.kind = "
          + param(has.kind())
          + " AND (t.expires_at IS NULL OR t.expires_at > now()))";
    }
    if (expr instanceof Expr.InCollection in) {
      return "EXISTS (SELECT 1 FROM collection_member m JOIN collection c ON c.id ="
          + " m.collection_id WHERE m.asset_id = a.id AND c.kind = 'STATIC' AND c.name = "
          + param(in.name())
          + ")";
    }
    if (expr instanceof Expr.Coverage coverage) {
      return coverage(coverage);
    }
    throw new IllegalStateException("not an asset term: " + expr);
  }

  /**
   * {@code -has:KIND}: no unexpired artifact of the kind. Proving that nothing matches used to be
   * an anti-join over every asset. The first operand compares two counters kept by triggers (V85,
   * ADR 0025): live assets with a permanent artifact of the kind, and live assets. It mentions no
   * column of {@code a}, so PostgreSQL evaluates it once, before anything else (a one-time filter),
   * and when every live asset has the kind it answers "nothing" without scanning; otherwise the
   * plan below it is the anti-join it always was. Sound only over live assets, which every query is
   * ({@link AssetQuery#LIVE}).
   */
  private String lacks(Expr.Has has) {
    String kind = param(has.kind());
    return "((SELECT coalesce(sum(k.n), 0) FROM asset_kind_tally k WHERE k.kind = "
        + kind
        + ") < (SELECT coalesce(sum(m.n), 0) FROM coverage_media m)"
        + " AND NOT EXISTS (SELECT 1 FROM artifact t WHERE t.asset_id = a.id AND t.kind = "
        + kind
        + " AND (t.expires_at IS NULL OR t.expires_at > now())))";
  }

  /**
   * Coverage terms read the per-asset state and the pinned steps (V50, ADR 0014): current and stale
   * compare the state's version and parameters hash with the step's; missing is an applicable step
   * without any state.
   */
  private String coverage(Expr.Coverage coverage) {
    String kind = param(coverage.kind());
    String state =
        "EXISTS (SELECT 1 FROM coverage_state cs JOIN coverage_step st ON st.tool_id = cs.tool_id"
            + " WHERE cs.asset_id = a.id AND st.kind = "
            + kind;
    return switch (coverage.state()) {
      case CURRENT ->
          state
              + " AND cs.status = 'PRODUCED' AND cs.tool_version = st.tool_version"
              + " AND cs.params_hash = st.params_hash)";
      case STALE ->
          state
              + " AND cs.status = 'PRODUCED' AND (cs.tool_version <> st.tool_version"
              + " OR cs.params_hash <> st.params_hash))";
      case FAILED -> state + " AND cs.status = 'FAILED')";
      case MISSING ->
          "EXISTS (SELECT 1 FROM coverage_step st WHERE st.kind = "
              + kind
              + " AND coverage_accepts(st.accepted, a.media_type) AND NOT EXISTS (SELECT 1 FROM"
              + " coverage_state cs WHERE cs.asset_id = a.id AND cs.tool_id = st.tool_id))";
    };
  }

  /** {@code low <= column < high}, or {@code <= high} when {@code inclusiveHigh}. */
  private String range(
      String column, @Nullable Object low, @Nullable Object high, boolean inclusiveHigh) {
    List<String> parts = new ArrayList<>();
    if (low != null) {
      parts.add(column + " >= " + param(low));
    }
    if (high != null) {
      parts.add(column + (inclusiveHigh ? " <= " : " < ") + param(high));
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
  }

  /** A LIKE pattern parameter for "contains", lower-cased by PostgreSQL like the column. */
  private String contains(String text) {
    return "'%' || lower(" + param(escapeLike(text)) + ") || '%'";
  }

  private String param(Object value) {
    String name = "q" + (params.size() + 1);
    params.put(name, value);
    return ":" + name;
  }

  private static @Nullable OffsetDateTime timestamp(@Nullable LocalDate day) {
    return day == null ? null : day.atStartOfDay().atOffset(ZoneOffset.UTC);
  }

  /** Escapes LIKE's wildcards with its default escape character, the backslash. */
  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /**
   * The smallest string greater than every string starting with {@code prefix} in byte-wise UTF-8
   * order (code point order): the last code point incremented, skipping the surrogate range.
   */
  static String upperBound(String prefix) {
    int[] codePoints = prefix.codePoints().toArray();
    for (int i = codePoints.length - 1; i >= 0; i--) {
      int next = codePoints[i] + 1;
      if (next == Character.MIN_SURROGATE) {
        next = Character.MAX_SURROGATE + 1;
      }
      if (next <= Character.MAX_CODE_POINT) {
        codePoints[i] = next;
        return new String(codePoints, 0, i + 1);
      }
    }
    // Only U+10FFFF characters: no string of valid characters is greater; nothing can follow.
    return prefix + "\uDBFF\uDFFF";
  }
}
