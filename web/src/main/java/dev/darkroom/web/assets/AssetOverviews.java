package dev.darkroom.web.assets;

import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.asset.UnknownAssetException;
import dev.darkroom.core.catalog.LocationRepository;
import dev.darkroom.core.lineage.LineageRepository;
import org.springframework.stereotype.Component;

/** Reads an {@link AssetOverview} from the catalog. */
@Component
class AssetOverviews {

  /** More would make the page unreadable; the API pages runs' artifacts by run instead. */
  static final int MAX_ARTIFACTS = 200;

  static final String THUMBNAIL = "thumbnail";
  static final String IMAGE_METADATA = "image-metadata";

  private final AssetSearchRepository assets;
  private final LocationRepository locations;
  private final LineageRepository lineage;

  AssetOverviews(
      AssetSearchRepository assets, LocationRepository locations, LineageRepository lineage) {
    this.assets = assets;
    this.locations = locations;
    this.lineage = lineage;
  }

  /**
   * @throws UnknownAssetException if there is no such asset
   */
  AssetOverview get(long assetId) {
    return new AssetOverview(
        assets.detail(assetId).orElseThrow(() -> new UnknownAssetException(assetId)),
        locations.history(assetId),
        lineage.byAsset(assetId, MAX_ARTIFACTS),
        lineage.newestOfKind(assetId, IMAGE_METADATA).orElse(null),
        lineage.newestOfKind(assetId, THUMBNAIL).orElse(null),
        lineage.variants(assetId).stream().map(ArtifactVersions::of).toList());
  }
}
