package dev.darkroom.web.assets;

import dev.darkroom.core.asset.AssetSummary;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An asset in a search result.
 *
 * @param root the archive root of its first live location
 * @param path that location's path relative to the root
 * @param thumbnailUrl its newest thumbnail's bytes; null when it has none
 */
public record AssetItem(
    long id,
    String sha256,
    String mediaType,
    long sizeBytes,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Instant capturedAt,
    @Nullable String cameraMake,
    @Nullable String cameraModel,
    String root,
    String path,
    String fileName,
    String url,
    @Nullable String thumbnailUrl) {

  public static AssetItem of(AssetSummary a) {
    return new AssetItem(
        a.id(),
        a.sha256(),
        a.mediaType(),
        a.sizeBytes(),
        a.width(),
        a.height(),
        a.capturedAt(),
        a.cameraMake(),
        a.cameraModel(),
        a.rootName(),
        a.relPath(),
        a.fileName(),
        "/api/assets/" + a.id(),
        a.thumbnailId() == null ? null : "/api/assets/" + a.id() + "/thumbnail");
  }
}
