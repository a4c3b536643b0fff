package dev.darkroom.web.assets;

import dev.darkroom.core.asset.AssetSummary;
import dev.darkroom.web.PageLinks;
import org.jspecify.annotations.Nullable;

/**
 * One card of the asset grid as the template writes it, its links built once here rather than by a
 * link expression per card (ADR 0031). Public, as the types a template reads must be for Spring
 * EL's compiler.
 *
 * @param thumbnailSrc the thumbnail's URL, null when the asset has none
 * @param title where it is: {@code root:path}
 */
public record AssetCard(
    long id,
    String href,
    @Nullable String thumbnailSrc,
    String fileName,
    String mediaType,
    String title) {

  static AssetCard of(AssetSummary a, PageLinks links) {
    String href = links.path("/assets/" + a.id());
    return new AssetCard(
        a.id(),
        href,
        a.thumbnailId() == null ? null : href + "/thumbnail",
        a.fileName(),
        a.mediaType(),
        a.rootName() + ':' + a.relPath());
  }
}
