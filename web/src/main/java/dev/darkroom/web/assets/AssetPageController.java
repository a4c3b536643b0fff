package dev.darkroom.web.assets;

import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.asset.AssetSummary;
import dev.darkroom.core.asset.UnknownAssetException;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.web.PageLinks;
import dev.darkroom.web.api.Page;
import dev.darkroom.web.catalog.BadParameterException;
import dev.darkroom.web.catalog.JsonValues;
import dev.darkroom.web.catalog.Paging;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The asset browser: a thumbnail grid for a query, paged, with parse errors shown where the query
 * went wrong; and one asset's page with its metadata, path history and artifacts.
 */
@Controller
class AssetPageController {

  static final String LIST_VIEW = "assets/list";
  static final String DETAIL_VIEW = "assets/detail";
  static final String NOT_FOUND_VIEW = "catalog/not-found";
  static final int PAGE_SIZE = 60;

  /** Counting a broad query over a large catalog costs more than the page itself; stop here. */
  static final long COUNT_CAP = 10_000;

  private final AssetSearchRepository assets;
  private final AssetOverviews overviews;

  AssetPageController(AssetSearchRepository assets, AssetOverviews overviews) {
    this.assets = assets;
    this.overviews = overviews;
  }

  @GetMapping("/assets")
  String list(
      @RequestParam(defaultValue = "") String q,
      @RequestParam(required = false) @Nullable String after,
      @ModelAttribute AssetFilters filters,
      Model model,
      HttpServletRequest request) {
    if (!filters.isEmpty()) {
      // The filters become part of the query, visible and editable in the box.
      return "redirect:"
          + UriComponentsBuilder.fromPath("/assets")
              .queryParam("q", filters.appendTo(q))
              .encode()
              .build()
              .toUriString();
    }
    model.addAttribute("q", q);
    model.addAttribute("items", List.of());
    try {
      AssetQuery query = AssetQuery.parse(q);
      List<AssetSummary> found = assets.search(query, Paging.after(after, 0), PAGE_SIZE + 1);
      Page<AssetSummary> page = Page.of(found, PAGE_SIZE, a -> Long.toString(a.id()));
      PageLinks links = PageLinks.of(request);
      model.addAttribute("items", page.items().stream().map(a -> AssetCard.of(a, links)).toList());
      // A blank query matches every live asset: their kept count, exact (ADR 0031). Any other
      // query is counted, no further than the cap.
      long count = q.isBlank() ? assets.liveAssets() : assets.countUpTo(query, COUNT_CAP);
      if (q.isBlank()) {
        model.addAttribute("count", count);
      } else {
        model.addAttribute(
            "count", count > COUNT_CAP ? String.format("more than %,d", COUNT_CAP) : count);
      }
      model.addAttribute(
          "nextUrl",
          page.next() == null
              ? null
              : UriComponentsBuilder.fromPath("/assets")
                  .queryParam("q", q)
                  .queryParam("after", page.next())
                  .encode()
                  .build()
                  .toUriString());
      model.addAttribute("paged", after != null && !after.isBlank());
    } catch (QueryParseException e) {
      model.addAttribute("error", e.getMessage());
      model.addAttribute("caret", " ".repeat(Math.min(e.column(), q.length())) + "^");
    } catch (BadParameterException e) {
      model.addAttribute("error", e.getMessage());
    }
    return LIST_VIEW;
  }

  @GetMapping("/assets/{id}")
  String detail(@PathVariable long id, Model model) {
    AssetOverview overview = overviews.get(id);
    model.addAttribute("o", overview);
    model.addAttribute("a", overview.asset());
    model.addAttribute("fileName", overview.fileName());
    model.addAttribute(
        "exif",
        overview.metadataArtifact() == null
            ? List.of()
            : JsonValues.rows(overview.metadataArtifact().inlineJson()));
    model.addAttribute("metadata", JsonValues.rows(overview.asset().metadataJson()));
    return DETAIL_VIEW;
  }

  @ExceptionHandler(UnknownAssetException.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String unknown(UnknownAssetException e, Model model) {
    model.addAttribute("message", e.getMessage());
    return NOT_FOUND_VIEW;
  }
}
