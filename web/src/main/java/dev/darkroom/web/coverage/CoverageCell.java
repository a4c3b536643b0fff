package dev.darkroom.web.coverage;

import dev.darkroom.web.PageLinks;
import dev.darkroom.web.coverage.CoverageView.FailedRunView;
import dev.darkroom.web.coverage.CoverageView.StepView;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One cell of the coverage page's matrix as the template writes it: every label, width and link
 * computed once here rather than by expressions per segment in the template, which was most of the
 * page's CPU (ADR 0031). Public, as the types a template reads must be for Spring EL's compiler.
 *
 * @param ariaLabel the bar's counts in words
 * @param segments the bar's links, only the states with assets, in state order
 * @param naStyle the not-applicable segment's width, null when no asset is not applicable
 * @param counts one link per state with its count, every state
 * @param naText the not-applicable count
 */
public record CoverageCell(
    String kind,
    String ariaLabel,
    List<Segment> segments,
    @Nullable String naStyle,
    List<Count> counts,
    String naText,
    List<FailedRun> failedRuns) {

  /** The states a cell links to, in the order the bar and the counts show them. */
  static final List<String> STATES = List.of("current", "stale", "missing", "failed");

  /** A segment of the bar: {@code seg STATE}, its width as a percentage of the scope. */
  public record Segment(String cssClass, String style, String href, String title) {}

  /** A state's count, linking to its assets. */
  public record Count(String cssClass, String state, String href, String text) {}

  /** A run behind the step's failures. */
  public record FailedRun(String href, String label, String text) {}

  static CoverageCell of(StepView step, PageLinks links) {
    List<Segment> segments = new ArrayList<>(STATES.size());
    List<Count> counts = new ArrayList<>(STATES.size());
    for (String state : STATES) {
      String href = links.path("/assets", "q", step.query(state));
      double percent = step.percent(state);
      if (percent > 0) {
        segments.add(new Segment("seg " + state, "width:" + percent + "%", href, state));
      }
      counts.add(new Count("count " + state, state, href, state + " " + count(step, state)));
    }
    List<FailedRun> failedRuns = new ArrayList<>(step.failedRuns().size());
    for (FailedRunView f : step.failedRuns()) {
      failedRuns.add(
          new FailedRun(
              links.path("/runs/" + f.runId()),
              "run " + f.runId(),
              f.assets() + " failed, e.g. " + f.reason()));
    }
    return new CoverageCell(
        step.kind(),
        step.current()
            + " current, "
            + step.stale()
            + " stale, "
            + step.missing()
            + " missing, "
            + step.failed()
            + " failed, "
            + step.notApplicable()
            + " not applicable",
        segments,
        step.notApplicable() > 0 ? "width:" + step.percent("na") + "%" : null,
        counts,
        "n/a " + step.notApplicable(),
        failedRuns);
  }

  private static long count(StepView step, String state) {
    switch (state) {
      case "current":
        return step.current();
      case "stale":
        return step.stale();
      case "missing":
        return step.missing();
      default:
        return step.failed();
    }
  }
}
