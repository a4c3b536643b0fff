package dev.darkroom.web.coverage;

import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.CoverageScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The coverage map over REST (docs/coverage.md). */
@RestController
@Tag(name = "Coverage", description = "Per pipeline step: current, stale, missing, failed assets")
class CoverageApiController {

  private final CoverageRepository coverage;

  CoverageApiController(CoverageRepository coverage) {
    this.coverage = coverage;
  }

  @GetMapping("/api/coverage")
  @Operation(
      summary = "Coverage per pipeline step of every live asset, or of a collection",
      description =
          "Counts per step: current (made by the pinned tool version and parameters), stale,"
              + " missing, failed (with the runs behind it) and not applicable (media type not"
              + " accepted). Every live asset, a static collection and a dynamic collection whose"
              + " query only asks about the media type (type:) are read from counters kept in the"
              + " same transactions as every change (basis COUNTERS). Any other dynamic collection"
              + " keeps its members, re-evaluated in the background for the assets each change"
              + " touches, and is read from the same counters over them (basis KEPT, exact as of"
              + " membership.currentAsOf, equal to a count from scratch once"
              + " membership.pendingChanges is 0); while a new or edited one's members are being"
              + " filled it is counted now from its query's matches (basis COUNTED, slower for"
              + " large ones).")
  @ApiResponse(
      responseCode = "200",
      description = "The coverage per step",
      content = @Content(schema = @Schema(implementation = CoverageView.class)))
  @ApiResponse(responseCode = "404", description = "No collection has this id")
  CoverageView coverage(
      @Parameter(description = "a collection id; absent for every live asset")
          @RequestParam(required = false)
          @Nullable Long collection) {
    if (collection == null) {
      return CoverageView.of(null, coverage.allMap());
    }
    // Not CollectionRepository#get: that counts the members (a run of a dynamic collection's
    // query), which the map does not need.
    CoverageScope scope = coverage.scope(collection);
    return CoverageView.of(scope, coverage.map(scope));
  }
}
