package dev.darkroom.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolParametersTest {

  @Test
  void canonicalJsonSortsKeysAtEveryLevelAndHasNoWhitespace() {
    Map<String, Object> crop = new LinkedHashMap<>();
    crop.put("y", 2);
    crop.put("x", 1);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("quality", 0.85);
    values.put("maxSize", 512);
    values.put("crop", crop);
    values.put("formats", List.of("webp", "jpeg"));
    values.put("label", "a \"quoted\" name");
    values.put("strip", true);

    assertThat(ToolParameters.of(values).canonicalJson())
        .isEqualTo(
            "{\"crop\":{\"x\":1,\"y\":2},\"formats\":[\"webp\",\"jpeg\"],"
                + "\"label\":\"a \\\"quoted\\\" name\",\"maxSize\":512,\"quality\":0.85,"
                + "\"strip\":true}");
  }

  @Test
  void jsonAndHashDoNotDependOnInsertionOrder() {
    List<Map.Entry<String, Object>> entries =
        List.of(
            Map.entry("maxSize", 256),
            Map.entry("quality", 0.85),
            Map.entry("nested", Map.of("b", 2, "a", List.of(1, 2))),
            Map.entry("mode", "fit"),
            Map.entry("z", false));
    ToolParameters first = ToolParameters.of(inOrder(entries));
    for (int shift = 1; shift < entries.size(); shift++) {
      List<Map.Entry<String, Object>> rotated = new ArrayList<>(entries);
      java.util.Collections.rotate(rotated, shift);
      ToolParameters other = ToolParameters.of(inOrder(rotated));
      assertThat(other.canonicalJson()).isEqualTo(first.canonicalJson());
      assertThat(other.sha256()).isEqualTo(first.sha256());
      assertThat(other).isEqualTo(first).hasSameHashCodeAs(first);
    }
    ToolParameters fromHashMap = ToolParameters.of(new HashMap<>(inOrder(entries)));
    assertThat(fromHashMap.sha256()).isEqualTo(first.sha256());
  }

  @Test
  void hashIsTheSha256OfTheCanonicalUtf8Bytes() throws Exception {
    ToolParameters parameters = ToolParameters.of(Map.of("quality", 0.85, "maxSize", 512));
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest("{\"maxSize\":512,\"quality\":0.85}".getBytes(StandardCharsets.UTF_8));
    assertThat(parameters.sha256()).isEqualTo(HexFormat.of().formatHex(digest)).hasSize(64);
    assertThat(ToolParameters.empty().canonicalJson()).isEqualTo("{}");
    assertThat(ToolParameters.empty().sha256())
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  }

  @Test
  void numbersAreNormalizedByValue() {
    ToolParameters asInt = ToolParameters.of(Map.of("n", 512));
    assertThat(ToolParameters.of(Map.of("n", 512L))).isEqualTo(asInt);
    assertThat(ToolParameters.of(Map.of("n", 512.0))).isEqualTo(asInt);
    assertThat(ToolParameters.of(Map.of("n", new BigDecimal("512.000")))).isEqualTo(asInt);
    assertThat(asInt.values().get("n")).isEqualTo(BigInteger.valueOf(512));

    assertThat(ToolParameters.of(Map.of("q", 0.85f)).canonicalJson()).isEqualTo("{\"q\":0.85}");
    assertThat(ToolParameters.of(Map.of("q", 0.0000001)).canonicalJson())
        .isEqualTo("{\"q\":0.0000001}");
    assertThat(ToolParameters.of(Map.of("q", 1e21)).canonicalJson())
        .isEqualTo("{\"q\":1000000000000000000000}");
  }

  @Test
  void jsonReadsBackToTheSameParameters() {
    ToolParameters parameters =
        ToolParameters.of(Map.of("maxSize", 256, "quality", 0.9, "tags", List.of("a", "b")));
    ToolParameters parsed = ToolParameters.fromJson(parameters.canonicalJson());
    assertThat(parsed).isEqualTo(parameters);
    assertThat(
            ToolParameters.fromJson(
                "{ \"quality\" : 0.90, \"maxSize\" : 256.0 ,\"tags\":[\"a\",\"b\"]}"))
        .isEqualTo(parameters);
  }

  @Test
  void nullsNonJsonValuesAndNonFiniteNumbersAreRejected() {
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("maxSize", null);
    assertThatThrownBy(() -> ToolParameters.of(withNull))
        .isInstanceOf(InvalidToolParametersException.class)
        .hasMessageContaining("maxSize");
    assertThatThrownBy(() -> ToolParameters.of(Map.of("when", java.time.Instant.EPOCH)))
        .isInstanceOf(InvalidToolParametersException.class);
    assertThatThrownBy(() -> ToolParameters.of(Map.of("q", Double.NaN)))
        .isInstanceOf(InvalidToolParametersException.class);
    assertThatThrownBy(() -> ToolParameters.of(Map.of("nested", Map.of(1, "x"))))
        .isInstanceOf(InvalidToolParametersException.class);
    assertThatThrownBy(() -> ToolParameters.fromJson("[1,2]"))
        .isInstanceOf(InvalidToolParametersException.class);
    assertThatThrownBy(() -> ToolParameters.fromJson("{\"a\":null}"))
        .isInstanceOf(InvalidToolParametersException.class);
  }

  @Test
  void typedReadsUseFallbacksAndRejectWrongTypes() {
    ToolParameters parameters = ToolParameters.of(Map.of("size", 256, "q", 0.5, "mode", "fit"));
    assertThat(parameters.intValue("size", 1)).isEqualTo(256);
    assertThat(parameters.intValue("absent", 7)).isEqualTo(7);
    assertThat(parameters.doubleValue("q", 1)).isEqualTo(0.5);
    assertThat(parameters.doubleValue("size", 1)).isEqualTo(256.0);
    assertThat(parameters.stringValue("mode", "crop")).isEqualTo("fit");
    assertThatThrownBy(() -> parameters.intValue("q", 1))
        .isInstanceOf(InvalidToolParametersException.class)
        .hasMessage("q must be an integer, was 0.5");
    assertThatThrownBy(() -> parameters.stringValue("size", ""))
        .isInstanceOf(InvalidToolParametersException.class);
    assertThatThrownBy(() -> ToolParameters.of(Map.of("n", 1L << 40)).intValue("n", 0))
        .isInstanceOf(InvalidToolParametersException.class);
  }

  @Test
  void overridesReplaceDefaultsNameByName() {
    ToolParameters defaults = ToolParameters.of(Map.of("maxSize", 512, "quality", 0.85));
    ToolParameters sandbox = ToolParameters.of(Map.of("maxSize", 256));
    assertThat(defaults.overriddenBy(sandbox).canonicalJson())
        .isEqualTo("{\"maxSize\":256,\"quality\":0.85}");
    assertThat(defaults.overriddenBy(ToolParameters.empty())).isSameAs(defaults);
    assertThatThrownBy(() -> defaults.requireOnly(List.of("maxSize"), "thumbnail"))
        .isInstanceOf(InvalidToolParametersException.class)
        .hasMessageContaining("no parameter quality");
  }

  @Test
  void valuesCannotBeChangedAfterwards() {
    List<Object> tags = new ArrayList<>(Arrays.asList("a"));
    ToolParameters parameters = ToolParameters.of(Map.of("tags", tags));
    tags.add("b");
    assertThat(parameters.canonicalJson()).isEqualTo("{\"tags\":[\"a\"]}");
    assertThatThrownBy(() -> parameters.values().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static Map<String, Object> inOrder(List<Map.Entry<String, Object>> entries) {
    Map<String, Object> map = new LinkedHashMap<>();
    entries.forEach(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }
}
