package dev.darkroom.core.tool;

import java.util.Objects;

/**
 * What a tool gets for one asset: ids and a way to open the original, never the bytes themselves,
 * so a tool that skips the asset reads nothing.
 *
 * @param assetId the catalog id of the asset
 * @param mediaType the media type the catalog detected from the content, e.g. {@code image/jpeg}
 * @param original opens the original read-only; may be opened more than once
 * @param parameters the effective parameters, as returned by {@link Tool#resolveParameters}
 */
public record ToolInput(
    long assetId, String mediaType, OriginalSource original, ToolParameters parameters) {

  public ToolInput {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(parameters, "parameters");
  }
}
