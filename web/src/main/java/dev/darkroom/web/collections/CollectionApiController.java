package dev.darkroom.web.collections;

import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.asset.AssetSummary;
import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionKind;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.web.api.Page;
import dev.darkroom.web.assets.AssetItem;
import dev.darkroom.web.catalog.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Collections: named sets of assets that runs can be scoped to. */
@RestController
@Tag(name = "Collections", description = "Static and dynamic sets of assets")
class CollectionApiController {

  private final CollectionRepository collections;
  private final CollectionCreation creation;
  private final AssetSearchRepository assets;
  private final DynamicCollectionCounts counts;

  CollectionApiController(
      CollectionRepository collections,
      CollectionCreation creation,
      AssetSearchRepository assets,
      DynamicCollectionCounts counts) {
    this.collections = collections;
    this.creation = creation;
    this.assets = assets;
    this.counts = counts;
  }

  @GetMapping("/api/collections")
  @Operation(
      summary = "Collections, newest first, keyset-paged",
      description =
          "Sizes as kept, never counted here: a static collection's exact member count; a dynamic"
              + " one's last count with its time (countedAt) or, before its first count, an"
              + " estimate (countEstimated).")
  Page<CollectionItem> list(
      @Parameter(description = "page size, 1-500, default 50") @RequestParam(required = false)
          @Nullable Integer limit,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after) {
    int size = Paging.limit(limit);
    List<AssetCollection> found = collections.list(Paging.after(after, Long.MAX_VALUE), size + 1);
    Page<AssetCollection> page = Page.of(found, size, c -> Long.toString(c.id()));
    return new Page<>(page.items().stream().map(CollectionItem::of).toList(), page.next());
  }

  @PostMapping("/api/collections")
  @Operation(
      summary = "Create a collection",
      description =
          "From a query (kind DYNAMIC keeps the query, kind STATIC a snapshot of its matches) or"
              + " from assetIds (STATIC). 201 with its location.")
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<CollectionItem> create(@RequestBody CreateCollectionRequest request) {
    AssetCollection created = creation.create(request);
    return ResponseEntity.created(URI.create("/api/collections/" + created.id()))
        .body(CollectionItem.of(created));
  }

  @GetMapping("/api/collections/{id}")
  @Operation(
      summary = "One collection with its member count",
      description =
          "A dynamic collection's count is its last one (countedAt) or an estimate"
              + " (countEstimated); one older than darkroom.collections.count-max-age is recounted"
              + " in the background, and this answer does not wait for it.")
  CollectionItem get(@PathVariable long id) {
    AssetCollection collection = collections.get(id);
    counts.refreshIfOld(collection);
    return CollectionItem.of(collection);
  }

  @GetMapping("/api/collections/{id}/assets")
  @Operation(
      summary = "A collection's members, keyset-paged",
      description =
          "Static: its members that still have a live location. Dynamic: what its query matches"
              + " now. In catalog (id) order, items as in the asset search; 404 for an unknown"
              + " collection.")
  Page<AssetItem> members(
      @PathVariable long id,
      @Parameter(description = "page size, 1-500, default 50") @RequestParam(required = false)
          @Nullable Integer limit,
      @Parameter(description = "the next cursor of the previous page")
          @RequestParam(required = false)
          @Nullable String after) {
    AssetCollection collection = collections.get(id);
    int size = Paging.limit(limit);
    long afterId = Paging.after(after, 0);
    List<AssetSummary> found =
        collection.kind() == CollectionKind.DYNAMIC && collection.query() != null
            ? assets.search(AssetQuery.parse(collection.query()), afterId, size + 1)
            : assets.members(id, afterId, size + 1);
    Page<AssetSummary> page = Page.of(found, size, a -> Long.toString(a.id()));
    return new Page<>(page.items().stream().map(AssetItem::of).toList(), page.next());
  }

  @DeleteMapping("/api/collections/{id}")
  @Operation(
      summary = "Delete a collection (never its assets)",
      description = "409 while a run names it as its scope.")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  ResponseEntity<Void> delete(@PathVariable long id) {
    collections.delete(id);
    return ResponseEntity.noContent().build();
  }

  /** How many assets a query matches now: a collection's size before creating it. */
  public record Preview(String query, long count) {}

  @GetMapping("/api/collections/preview")
  @Operation(
      summary = "Count what a query matches now",
      description = "Nothing is created. A query that does not parse is a 400 naming the column.")
  Preview preview(@RequestParam String q) {
    return new Preview(q, assets.count(AssetQuery.parse(q)));
  }
}
