package dev.darkroom.web.assets;

import dev.darkroom.core.asset.AssetDetail;
import dev.darkroom.core.catalog.AssetLocation;
import dev.darkroom.core.lineage.ArtifactInfo;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything known about one asset, read in one go for its API answer and its page.
 *
 * @param locations every place it was seen, oldest first, gone ones included
 * @param artifacts its artifacts, newest first
 * @param metadataArtifact the newest unexpired {@code image-metadata} artifact (EXIF as found)
 * @param thumbnail the newest unexpired {@code thumbnail} artifact
 * @param versions kinds it has from more than one tool version or parameter set, side by side
 */
record AssetOverview(
    AssetDetail asset,
    List<AssetLocation> locations,
    List<ArtifactInfo> artifacts,
    @Nullable ArtifactInfo metadataArtifact,
    @Nullable ArtifactInfo thumbnail,
    List<ArtifactVersions> versions) {

  /** The file name of its first live location, else of its last known one. */
  String fileName() {
    Optional<AssetLocation> live = locations.stream().filter(AssetLocation::live).findFirst();
    AssetLocation named =
        live.orElse(locations.isEmpty() ? null : locations.get(locations.size() - 1));
    if (named == null) {
      return "asset " + asset.id();
    }
    return named.relPath().substring(named.relPath().lastIndexOf('/') + 1);
  }
}
