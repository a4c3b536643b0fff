package dev.darkroom.core.query;

import java.util.Map;
import java.util.Objects;

/**
 * A piece of SQL and the named parameters it uses. Values only ever travel as parameters; the text
 * is built from fixed fragments.
 *
 * @param sql e.g. {@code (a.media_type LIKE :q1 AND a.size_bytes >= :q2)}
 * @param params parameter name (without the colon) to value
 */
public record SqlFragment(String sql, Map<String, Object> params) {

  /** The condition every asset meets. */
  public static final SqlFragment TRUE = new SqlFragment("TRUE", Map.of());

  public SqlFragment {
    Objects.requireNonNull(sql, "sql");
    params = Map.copyOf(params);
  }
}
