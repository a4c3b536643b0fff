package dev.darkroom.web.assets;

import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.asset.AssetSummary;
import dev.darkroom.core.asset.UnknownAssetException;
import dev.darkroom.core.lineage.ArtifactInfo;
import dev.darkroom.core.lineage.LineageRepository;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.web.api.Page;
import dev.darkroom.web.catalog.NotFoundException;
import dev.darkroom.web.catalog.Paging;
import dev.darkroom.web.lineage.ArtifactContent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Asset search and detail. */
@RestController
@Tag(name = "Assets", description = "Search the catalog with the query language; read one asset")
class AssetApiController {

  private final AssetSearchRepository assets;
  private final AssetOverviews overviews;
  private final LineageRepository lineage;
  private final ArtifactContent content;

  AssetApiController(
      AssetSearchRepository assets,
      AssetOverviews overviews,
      LineageRepository lineage,
      ArtifactContent content) {
    this.assets = assets;
    this.overviews = overviews;
    this.lineage = lineage;
    this.content = content;
  }

  @GetMapping("/api/assets")
  @Operation(
      summary = "Search assets",
      description =
          "Assets with a live location that match the query, in catalog (id) order, keyset-paged:"
              + " pass the answer's next as after= for the following page. A query that does not"
              + " parse is a 400 whose problem names the column and what was expected.")
  Page<AssetItem> search(
      @Parameter(description = "e.g. type:image taken:2019 -has:thumbnail; empty for all")
          @RequestParam(defaultValue = "")
          String q,
      @Parameter(description = "page size, 1-500, default 50") @RequestParam(required = false)
          @Nullable Integer limit,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after) {
    int size = Paging.limit(limit);
    List<AssetSummary> found = assets.search(AssetQuery.parse(q), Paging.after(after, 0), size + 1);
    Page<AssetSummary> page = Page.of(found, size, a -> Long.toString(a.id()));
    return new Page<>(page.items().stream().map(AssetItem::of).toList(), page.next());
  }

  @GetMapping("/api/assets/{id}")
  @Operation(
      summary = "One asset",
      description =
          "Technical metadata (typed columns and the metadata document), EXIF as extracted, every"
              + " location (path history with first/last seen and when it was gone), every"
              + " artifact with links to its content and lineage.")
  AssetResponse asset(@PathVariable long id) {
    return AssetResponse.of(overviews.get(id));
  }

  @GetMapping("/api/assets/{id}/versions")
  @Operation(
      summary = "Artifact versions side by side",
      description =
          "For each kind of which the asset has artifacts from more than one tool version or"
              + " parameter set (a sandbox run at 256 px beside production at 512 px; metadata"
              + " tool v2 beside v3): the newest artifact of each, newest first, with links to"
              + " content and lineage, and for JSON artifacts the differences from the newest to"
              + " each older one as JSON Pointers. An empty list when every kind has one version.")
  List<ArtifactVersions> versions(@PathVariable long id) {
    return overviews.get(id).versions();
  }

  /** Also under {@code /assets/{id}/thumbnail}, for pages (see the artifact content endpoint). */
  @GetMapping({"/api/assets/{id}/thumbnail", "/assets/{id}/thumbnail"})
  @Operation(
      summary = "The asset's newest thumbnail",
      description = "Its bytes, as for /api/artifacts/{id}/content; 404 when it has none yet.")
  void thumbnail(@PathVariable long id, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ArtifactInfo thumbnail =
        lineage
            .newestOfKind(id, AssetOverviews.THUMBNAIL)
            .orElseThrow(
                () -> {
                  if (assets.detail(id).isEmpty()) {
                    return new UnknownAssetException(id);
                  }
                  return new NotFoundException(
                      "no-thumbnail",
                      "No thumbnail",
                      "asset "
                          + id
                          + " has no thumbnail yet; run a pipeline with the thumbnail tool"
                          + " (images-basic) over it");
                });
    content.write(thumbnail, request, response);
  }
}
