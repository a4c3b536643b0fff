package dev.darkroom.core.tool;

import java.util.Map;
import java.util.Objects;

/**
 * What a tool gets for one asset: ids and a way to open the original, never the bytes themselves,
 * so a tool that skips the asset reads nothing.
 *
 * @param assetId the catalog id of the asset
 * @param mediaType the media type the catalog detected from the content, e.g. {@code image/jpeg}
 * @param original opens the original read-only; may be opened more than once
 * @param parameters the effective parameters, as returned by {@link Tool#resolveParameters}
 * @param upstream what the pipeline's earlier tools produced for this unit, by artifact kind; a
 *     tool that derives its output from one of them says so with {@link ToolOutput#derivedFrom},
 *     and lineage records the artifact as an input
 */
public record ToolInput(
    long assetId,
    String mediaType,
    OriginalSource original,
    ToolParameters parameters,
    Map<String, ToolOutput> upstream) {

  public ToolInput {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(parameters, "parameters");
    upstream = Map.copyOf(upstream);
  }

  /** An input without upstream outputs (the first tool of a pipeline, or a tool on its own). */
  public ToolInput(
      long assetId, String mediaType, OriginalSource original, ToolParameters parameters) {
    this(assetId, mediaType, original, parameters, Map.of());
  }
}
