package dev.darkroom.core.asset;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One asset as a search result lists it: its content and where it is now.
 *
 * @param rootName the archive root of its first live location
 * @param relPath that location's path, relative to the root
 * @param thumbnailId the newest unexpired {@code thumbnail} artifact, or null if it has none
 */
public record AssetSummary(
    long id,
    String sha256,
    long sizeBytes,
    String mediaType,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Instant capturedAt,
    @Nullable String cameraMake,
    @Nullable String cameraModel,
    String rootName,
    String relPath,
    @Nullable Long thumbnailId) {

  /** The last segment of {@link #relPath}. */
  public String fileName() {
    return relPath.substring(relPath.lastIndexOf('/') + 1);
  }
}
