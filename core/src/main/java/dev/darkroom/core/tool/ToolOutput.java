package dev.darkroom.core.tool;

import dev.darkroom.core.asset.AssetMetadata;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One derived output of a tool: either a payload for the artifact store ({@link #content()}) or a
 * small JSON value stored inline in the artifact row ({@link #inlineJson()}); exactly one is set.
 *
 * <p>Payloads are bytes because tool outputs are small (thumbnails, JSON); the record does not copy
 * the array, so neither the tool nor the writer may change it after construction. Equality of the
 * byte array is by identity, as for any record holding an array.
 *
 * @param kind artifact kind, e.g. {@code thumbnail}, {@code image-metadata}
 * @param mediaType media type of the payload or {@code application/json} for inline values
 * @param content the payload to store, or null for an inline value
 * @param inlineJson a JSON document (object, array or scalar), or null for a stored payload
 * @param inputKinds the kinds of the unit's upstream outputs ({@link ToolInput#upstream}) this one
 *     was made from; lineage links the artifact to theirs. Empty for outputs made from the original
 *     alone
 * @param catalog what the tool projects from this output into the asset's columns ({@link
 *     Tool#catalogProjection}), when it made the output and so knows it already: the run copies it
 *     without reading back the JSON the tool has just written (per unit, that read cost as much CPU
 *     as extracting the metadata). Null for outputs without a projection, or read back from a
 *     stored artifact; it is never stored itself
 */
public record ToolOutput(
    String kind,
    String mediaType,
    byte @Nullable [] content,
    @Nullable String inlineJson,
    List<String> inputKinds,
    @Nullable AssetMetadata catalog) {

  public static final String JSON = "application/json";

  public ToolOutput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mediaType, "mediaType");
    inputKinds = List.copyOf(inputKinds);
    if ((content == null) == (inlineJson == null)) {
      throw new IllegalArgumentException(
          "a tool output has either content or an inline value, not both or neither: " + kind);
    }
  }

  public ToolOutput(
      String kind, String mediaType, byte @Nullable [] content, @Nullable String inlineJson) {
    this(kind, mediaType, content, inlineJson, List.of(), null);
  }

  public ToolOutput(
      String kind,
      String mediaType,
      byte @Nullable [] content,
      @Nullable String inlineJson,
      List<String> inputKinds) {
    this(kind, mediaType, content, inlineJson, inputKinds, null);
  }

  /** This output, recorded as made from the unit's upstream outputs of {@code kinds}. */
  public ToolOutput derivedFrom(String... kinds) {
    return new ToolOutput(kind, mediaType, content, inlineJson, List.of(kinds), catalog);
  }

  /** A payload for the artifact store. */
  public static ToolOutput stored(String kind, String mediaType, byte[] content) {
    return new ToolOutput(kind, mediaType, Objects.requireNonNull(content, "content"), null);
  }

  /** A small JSON value kept in the artifact row. */
  public static ToolOutput inline(String kind, String json) {
    return new ToolOutput(kind, JSON, null, Objects.requireNonNull(json, "json"));
  }

  /**
   * A small JSON value kept in the artifact row, with what the catalog copies from it (the same
   * facts as the JSON, already in hand).
   */
  public static ToolOutput inline(String kind, String json, AssetMetadata catalog) {
    return new ToolOutput(
        kind,
        JSON,
        null,
        Objects.requireNonNull(json, "json"),
        List.of(),
        Objects.requireNonNull(catalog, "catalog"));
  }

  public boolean isInline() {
    return inlineJson != null;
  }

  /**
   * A new stream over the payload, for {@code ArtifactStore.put}.
   *
   * @throws IllegalStateException if this output is an inline value
   */
  public InputStream openContent() {
    if (content == null) {
      throw new IllegalStateException("artifact " + kind + " is an inline value, not a payload");
    }
    return new ByteArrayInputStream(content);
  }
}
