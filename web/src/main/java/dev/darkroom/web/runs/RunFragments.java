package dev.darkroom.web.runs;

import dev.darkroom.web.api.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the live parts of the run pages ({@code templates/runs/fragments.html}) to HTML strings
 * for the event streams, outside of any request. The pages include the same fragments, so a pushed
 * fragment replaces exactly what the page first showed. Links in these fragments are built from the
 * {@code base} variable (the context path), since there is no request to build them from.
 */
@Component
class RunFragments {

  static final String TEMPLATE = "runs/fragments";

  /** The fragments of the run page, in the order they are pushed; also their SSE event names. */
  static final List<String> RUN_PAGE = List.of("progress", "partitions", "chart", "failures");

  static final String ACTIONS = "actions";
  static final String RUN_ROWS = "runs";

  private final ITemplateEngine engine;

  RunFragments(ITemplateEngine engine) {
    this.engine = engine;
  }

  /** The run page's fragments by name, the operator's buttons included when {@code operator}. */
  Map<String, String> runPage(RunPageModel page, boolean operator, String base) {
    Map<String, Object> model = runPageModel(page, operator, base);
    Map<String, String> html = new LinkedHashMap<>();
    for (String fragment : RUN_PAGE) {
      html.put(fragment, render(fragment, model));
    }
    if (operator) {
      html.put(ACTIONS, render(ACTIONS, model));
    }
    return html;
  }

  /** The rows of the runs list. */
  String runRows(Page<RunSummary> runs, String base) {
    return render(RUN_ROWS, Map.of("runs", runs, "base", base));
  }

  /** The variables the fragments use, for the pages' own model too. */
  static Map<String, Object> runPageModel(RunPageModel page, boolean operator, String base) {
    return Map.of(
        "run", page.run(),
        "chart", page.chart(),
        "failures", page.failures(),
        "operator", operator,
        "base", base);
  }

  private String render(String fragment, Map<String, Object> model) {
    return engine.process(TEMPLATE, Set.of(fragment), new Context(Locale.ROOT, model));
  }
}
