package dev.darkroom.web.coverage;

import dev.darkroom.web.PageLinks;
import java.util.List;

/**
 * One row of the coverage page's matrix. Public, as the types a template reads must be for Spring
 * EL's compiler.
 *
 * @param error the message when a dynamic collection's query no longer parses, else empty
 * @param cells what the template writes per step, computed once (ADR 0031)
 */
public record CoverageRow(CoverageView view, String label, String error, List<CoverageCell> cells) {

  CoverageRow(CoverageView view, String label, String error, PageLinks links) {
    this(view, label, error, view.steps().stream().map(s -> CoverageCell.of(s, links)).toList());
  }
}
