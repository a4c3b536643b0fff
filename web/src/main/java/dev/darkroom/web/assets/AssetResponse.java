package dev.darkroom.web.assets;

import dev.darkroom.core.asset.AssetDetail;
import dev.darkroom.core.catalog.AssetLocation;
import dev.darkroom.web.catalog.JsonValues;
import dev.darkroom.web.lineage.ArtifactItem;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One asset as {@code GET /api/assets/{id}} answers: identity, technical metadata (typed columns),
 * EXIF as the {@code image-metadata} tool found it, every location and every artifact.
 *
 * @param metadata the asset's free-form metadata document ({@code {}} when empty)
 * @param exif the value of its newest {@code image-metadata} artifact; null before one exists
 * @param locations path history, oldest first: live ones have no {@code goneAt}
 * @param artifacts newest first, each with links to its content and lineage (at most 200)
 */
public record AssetResponse(
    long id,
    String sha256,
    String mediaType,
    long sizeBytes,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable Long durationMs,
    @Nullable Instant capturedAt,
    @Nullable String cameraMake,
    @Nullable String cameraModel,
    @Nullable String lens,
    @Nullable Gps gps,
    @Nullable Integer orientation,
    @Nullable JsonNode metadata,
    @Nullable JsonNode exif,
    Instant createdAt,
    Instant updatedAt,
    @Nullable String thumbnailUrl,
    List<Location> locations,
    List<ArtifactItem> artifacts) {

  /** Decimal degrees, north and east positive. */
  public record Gps(double latitude, double longitude) {}

  /**
   * Where the asset was seen.
   *
   * @param lastSeenAt the start of the last scan that saw it there
   * @param goneReason {@code VANISHED} or {@code CHANGED} once it is gone
   */
  public record Location(
      String root,
      String path,
      long sizeBytes,
      Instant mtime,
      Instant firstSeenAt,
      Instant lastSeenAt,
      @Nullable Instant goneAt,
      @Nullable String goneReason,
      boolean live) {

    static Location of(AssetLocation l) {
      return new Location(
          l.rootName(),
          l.relPath(),
          l.sizeBytes(),
          l.mtime(),
          l.firstSeenAt(),
          l.lastSeenAt(),
          l.goneAt(),
          l.goneReason(),
          l.live());
    }
  }

  static AssetResponse of(AssetOverview overview) {
    AssetDetail a = overview.asset();
    return new AssetResponse(
        a.id(),
        a.sha256(),
        a.mediaType(),
        a.sizeBytes(),
        a.width(),
        a.height(),
        a.durationMs(),
        a.capturedAt(),
        a.cameraMake(),
        a.cameraModel(),
        a.lens(),
        a.gpsLatitude() == null || a.gpsLongitude() == null
            ? null
            : new Gps(a.gpsLatitude(), a.gpsLongitude()),
        a.orientation(),
        JsonValues.tree(a.metadataJson()),
        overview.metadataArtifact() == null
            ? null
            : JsonValues.tree(overview.metadataArtifact().inlineJson()),
        a.createdAt(),
        a.updatedAt(),
        overview.thumbnail() == null ? null : "/api/assets/" + a.id() + "/thumbnail",
        overview.locations().stream().map(Location::of).toList(),
        overview.artifacts().stream().map(ArtifactItem::of).toList());
  }
}
