package dev.darkroom.core.tool;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
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
 */
public record ToolOutput(
    String kind, String mediaType, byte @Nullable [] content, @Nullable String inlineJson) {

  public static final String JSON = "application/json";

  public ToolOutput {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(mediaType, "mediaType");
    if ((content == null) == (inlineJson == null)) {
      throw new IllegalArgumentException(
          "a tool output has either content or an inline value, not both or neither: " + kind);
    }
  }

  /** A payload for the artifact store. */
  public static ToolOutput stored(String kind, String mediaType, byte[] content) {
    return new ToolOutput(kind, mediaType, Objects.requireNonNull(content, "content"), null);
  }

  /** A small JSON value kept in the artifact row. */
  public static ToolOutput inline(String kind, String json) {
    return new ToolOutput(kind, JSON, null, Objects.requireNonNull(json, "json"));
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
