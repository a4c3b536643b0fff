package dev.darkroom.core.tool;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tool's parameters as a JSON-able map with one canonical form, so that lineage can compare and
 * hash them.
 *
 * <p><b>Values</b> are strings, booleans, numbers, lists and maps with string keys, nested freely;
 * null is rejected (absent and null would otherwise be two spellings of one thing). Numbers are
 * normalized by value: {@code 512}, {@code 512L} and {@code 512.0} are the same parameter and read
 * back as {@link BigInteger}; other numbers read back as {@link BigDecimal} ({@code 0.85f} becomes
 * {@code 0.85}, not its binary expansion). NaN and infinities are rejected.
 *
 * <p><b>Canonical JSON</b> has object keys sorted by their UTF-16 code units, no whitespace and
 * numbers in plain notation; {@link #sha256()} hashes its UTF-8 bytes. Neither depends on the
 * insertion order of the maps given. Equality is equality of the canonical JSON.
 *
 * <p>Immutable and thread-safe.
 */
public final class ToolParameters {

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private static final ToolParameters EMPTY = new ToolParameters(Collections.emptySortedMap());

  private final SortedMap<String, Object> values;
  private final String canonicalJson;

  private ToolParameters(SortedMap<String, Object> values) {
    this.values = values;
    this.canonicalJson = JSON.writeValueAsString(values);
  }

  public static ToolParameters empty() {
    return EMPTY;
  }

  /**
   * @throws InvalidToolParametersException if a value is null or not JSON-able
   */
  public static ToolParameters of(Map<String, ?> values) {
    return values.isEmpty() ? EMPTY : new ToolParameters(normalizeMap(values, ""));
  }

  /**
   * Parses a JSON object, e.g. the {@code parameters} column of a lineage row.
   *
   * @throws InvalidToolParametersException if it is not a JSON object or holds a null
   */
  public static ToolParameters fromJson(String json) {
    Map<String, Object> map;
    try {
      map = JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JacksonException e) {
      throw new InvalidToolParametersException(
          "parameters are not a JSON object: " + e.getOriginalMessage());
    }
    if (map == null) {
      throw new InvalidToolParametersException("parameters are not a JSON object: null");
    }
    return of(map);
  }

  /** The normalized values, keys sorted; unmodifiable. */
  public Map<String, Object> values() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Optional<Object> find(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** These parameters with {@code overrides} put over them, name by name (not deep-merged). */
  public ToolParameters overriddenBy(ToolParameters overrides) {
    if (overrides.isEmpty()) {
      return this;
    }
    SortedMap<String, Object> merged = new TreeMap<>(values);
    merged.putAll(overrides.values);
    return new ToolParameters(Collections.unmodifiableSortedMap(merged));
  }

  /**
   * The integer value of {@code name}, or the fallback when absent.
   *
   * @throws InvalidToolParametersException if present but not an integral number in int range
   */
  public int intValue(String name, int fallback) {
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof BigInteger integer && integer.bitLength() < 32) {
      return integer.intValue();
    }
    throw new InvalidToolParametersException(name + " must be an integer, was " + json(value));
  }

  /**
   * The numeric value of {@code name}, or the fallback when absent.
   *
   * @throws InvalidToolParametersException if present but not a number
   */
  public double doubleValue(String name, double fallback) {
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    throw new InvalidToolParametersException(name + " must be a number, was " + json(value));
  }

  /**
   * The string value of {@code name}, or the fallback when absent.
   *
   * @throws InvalidToolParametersException if present but not a string
   */
  public String stringValue(String name, String fallback) {
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String string) {
      return string;
    }
    throw new InvalidToolParametersException(name + " must be a string, was " + json(value));
  }

  /**
   * @throws InvalidToolParametersException naming the first parameter not in {@code known}
   */
  public void requireOnly(Collection<String> known, String toolId) {
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new InvalidToolParametersException(
            "tool " + toolId + " has no parameter " + name + " (it has: " + known + ")");
      }
    }
  }

  /** Keys sorted, no whitespace, plain numbers: the form lineage stores and hashes. */
  public String canonicalJson() {
    return canonicalJson;
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of {@link #canonicalJson()}. */
  public String sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(digest.digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ToolParameters that && canonicalJson.equals(that.canonicalJson);
  }

  @Override
  public int hashCode() {
    return canonicalJson.hashCode();
  }

  @Override
  public String toString() {
    return canonicalJson;
  }

  private static String json(Object value) {
    return JSON.writeValueAsString(value);
  }

  private static SortedMap<String, Object> normalizeMap(Map<?, ?> map, String path) {
    SortedMap<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new InvalidToolParametersException(
            "parameter names must be strings, found " + entry.getKey() + " in " + where(path));
      }
      sorted.put(key, normalize(entry.getValue(), path.isEmpty() ? key : path + "." + key));
    }
    return Collections.unmodifiableSortedMap(sorted);
  }

  private static Object normalize(@Nullable Object value, String path) {
    if (value == null) {
      throw new InvalidToolParametersException(
          "parameter " + path + " is null; leave it out instead");
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number number) {
      return normalizeNumber(number, path);
    }
    if (value instanceof Map<?, ?> map) {
      return normalizeMap(map, path);
    }
    if (value instanceof List<?> list) {
      List<Object> items = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        items.add(normalize(list.get(i), path + "[" + i + "]"));
      }
      return Collections.unmodifiableList(items);
    }
    throw new InvalidToolParametersException(
        "parameter " + path + " has a value that is not JSON: " + value.getClass().getName());
  }

  private static Object normalizeNumber(Number number, String path) {
    BigDecimal decimal;
    if (number instanceof BigDecimal big) {
      decimal = big;
    } else if (number instanceof BigInteger big) {
      return big;
    } else if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new InvalidToolParametersException("parameter " + path + " is not finite: " + d);
      }
      // Float.toString, not the float's binary value: 0.85f is meant as 0.85.
      decimal = new BigDecimal(number instanceof Float ? number.toString() : Double.toString(d));
    } else {
      return BigInteger.valueOf(number.longValue());
    }
    BigDecimal stripped = decimal.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      return stripped.toBigIntegerExact();
    }
    return stripped;
  }

  private static String where(String path) {
    return path.isEmpty() ? "the parameters" : path;
  }
}
