package dev.darkroom.web.coverage;

import dev.darkroom.core.coverage.CoverageBasis;
import dev.darkroom.core.coverage.CoverageRepository;
import dev.darkroom.core.coverage.CoverageScope;
import dev.darkroom.core.query.QueryParseException;
import dev.darkroom.web.PageLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The coverage page: a matrix of bars, one row per scope (every live asset, then each collection)
 * and one column per pipeline step; each segment of a bar links to the assets in that state.
 */
@Controller
class CoveragePageController {

  static final String VIEW = "coverage/matrix";

  /**
   * Collections on the page; each costs a few counter rows, or a count over its matches for a
   * dynamic collection whose query asks about more than the media type.
   */
  static final int COLLECTIONS = 50;

  private final CoverageRepository coverage;

  CoveragePageController(CoverageRepository coverage) {
    this.coverage = coverage;
  }

  @GetMapping("/coverage")
  String matrix(Model model, HttpServletRequest request) {
    PageLinks links = PageLinks.of(request);
    List<CoverageRow> rows = new ArrayList<>();
    rows.add(new CoverageRow(CoverageView.of(null, coverage.allMap()), "All assets", "", links));
    // Named without their member counts (CollectionRepository#list counts every dynamic
    // collection's matches), which the matrix does not show.
    for (CoverageScope collection : coverage.scopes(Long.MAX_VALUE, COLLECTIONS)) {
      try {
        rows.add(
            new CoverageRow(
                CoverageView.of(collection, coverage.map(collection)),
                collection.name(),
                "",
                links));
      } catch (QueryParseException e) {
        rows.add(
            new CoverageRow(
                new CoverageView(
                    collection.id(),
                    collection.name(),
                    CoverageBasis.COUNTED,
                    Instant.now(),
                    List.of()),
                collection.name(),
                String.valueOf(e.getMessage()),
                links));
      }
    }
    model.addAttribute("rows", rows);
    model.addAttribute("steps", rows.get(0).view().steps());
    return VIEW;
  }
}
