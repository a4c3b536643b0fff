package dev.darkroom.web.duplicates;

import dev.darkroom.core.duplicates.DuplicateCluster;
import dev.darkroom.core.duplicates.ExactDuplicate;
import dev.darkroom.web.api.Page;
import dev.darkroom.web.catalog.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Near-duplicate clusters and exact duplicates over REST (docs/duplicates.md). */
@RestController
@Tag(name = "Duplicates", description = "Near-duplicate clusters and exact copies")
class DuplicatesApiController {

  private final DuplicateListing listing;

  DuplicatesApiController(DuplicateListing listing) {
    this.listing = listing;
  }

  @GetMapping("/api/duplicates")
  @Operation(
      summary = "Near-duplicate clusters",
      description =
          "Clusters of assets whose perceptual hashes are at most the threshold apart, as the"
              + " duplicates pipeline's near-duplicates step built them; by default the catalog's"
              + " index, or the one a run used (run=). Each member carries what tells it apart:"
              + " media type, size, dimensions, capture time, its live paths (several paths are"
              + " exact copies) and its hash's distance from the first member. Keyset-paged by"
              + " cluster id: pass the answer's next as after=. Empty before any duplicates run.")
  @ApiResponse(responseCode = "200", description = "One page of clusters")
  @ApiResponse(responseCode = "404", description = "run= names no run")
  Page<DuplicateCluster> clusters(
      @Parameter(description = "a run id: the index its near-duplicates step used")
          @RequestParam(required = false)
          @Nullable Long run,
      @Parameter(description = "page size, 1-500, default 50") @RequestParam(required = false)
          @Nullable Integer limit,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after) {
    return listing.clusters(run, Paging.limit(limit), Paging.after(after, 0));
  }

  @GetMapping("/api/duplicates/exact")
  @Operation(
      summary = "Exact duplicates",
      description =
          "Assets (one content hash each) found at two or more live paths, from the catalog;"
              + " keyset-paged by asset id.")
  @ApiResponse(responseCode = "200", description = "One page of assets with their paths")
  Page<ExactDuplicate> exact(
      @Parameter(description = "page size, 1-500, default 50") @RequestParam(required = false)
          @Nullable Integer limit,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after) {
    return listing.exact(Paging.limit(limit), Paging.after(after, 0));
  }
}
