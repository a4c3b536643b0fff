package dev.darkroom.web.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.web.PageLinks;
import dev.darkroom.web.coverage.CoverageView.FailedRunView;
import dev.darkroom.web.coverage.CoverageView.StepView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * What the coverage page writes per cell, computed once (ADR 0031): the same widths, labels and
 * links the template's expressions wrote before, including a collection query that needs escaping.
 */
class CoverageCellTest {

  @Test
  void aCellHasSegmentsOnlyForStatesWithAssetsAndEveryCountEscapedLinks() {
    String scoped = "(camera:\"Canon EOS\" type:image)";
    StepView step =
        new StepView(
            "thumbnail",
            "thumbnail",
            "2",
            "abc",
            1,
            0,
            2,
            0,
            3,
            6,
            Map.of(
                "current", scoped + " current:thumbnail",
                "stale", scoped + " stale:thumbnail",
                "missing", scoped + " missing:thumbnail",
                "failed", scoped + " failed:thumbnail"),
            List.of(new FailedRunView(7, 2, "<boom>")));
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setContextPath("/dr");

    CoverageCell cell = CoverageCell.of(step, PageLinks.of(request));

    // As Thymeleaf's @{/assets(q=...)} wrote it (the old page: "/assets?q=(type:image)%20...").
    String missingHref = "/dr/assets?q=(camera:%22Canon%20EOS%22%20type:image)%20missing:thumbnail";
    assertThat(cell.segments())
        .extracting(CoverageCell.Segment::cssClass)
        .containsExactly("seg current", "seg missing");
    assertThat(cell.segments().get(0).style()).isEqualTo("width:" + (100.0 / 6) + "%");
    assertThat(cell.segments().get(1))
        .isEqualTo(
            new CoverageCell.Segment(
                "seg missing", "width:" + (100.0 * 2 / 6) + "%", missingHref, "missing"));
    assertThat(cell.naStyle()).isEqualTo("width:50.0%");
    assertThat(cell.counts())
        .extracting(CoverageCell.Count::text)
        .containsExactly("current 1", "stale 0", "missing 2", "failed 0");
    assertThat(cell.counts().get(2).href()).isEqualTo(missingHref);
    assertThat(cell.naText()).isEqualTo("n/a 3");
    assertThat(cell.ariaLabel())
        .isEqualTo("1 current, 0 stale, 2 missing, 0 failed, 3 not applicable");
    assertThat(cell.failedRuns())
        .containsExactly(
            new CoverageCell.FailedRun("/dr/runs/7", "run 7", "2 failed, e.g. <boom>"));
  }

  @Test
  void noNotApplicableSegmentWhenEveryAssetApplies() {
    StepView step = new StepView("phash", "phash", "1", "h", 0, 0, 4, 0, 0, 4, Map.of(), List.of());

    CoverageCell cell = CoverageCell.of(step, PageLinks.of(new MockHttpServletRequest()));

    assertThat(cell.naStyle()).isNull();
    assertThat(cell.segments()).hasSize(1);
    assertThat(cell.segments().get(0).href()).isEqualTo("/assets?q=");
  }
}
