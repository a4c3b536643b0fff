package dev.darkroom.web.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunStatus;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.web.api.Page;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The fragments the live streams push, rendered as the streams render them: outside of any request,
 * with the real templates.
 */
class RunFragmentsTest {

  static final String XSS = "photos/<img src=x onerror=alert(1)>.jpg";

  final RunFragments fragments = new RunFragments(engine());

  @Test
  void theRunPagesFragmentsCarryTheCountsUnderStableIdsAndLinksUnderTheBase() {
    RunStatusView run =
        RunFixtures.status(
            7,
            RunStatus.RUNNING,
            new UnitCounts(33, 10, 0, 20, 1, 2),
            List.of(
                RunFixtures.partition(
                    0, PartitionStatus.COMPLETED, new UnitCounts(10, 0, 0, 9, 1, 0)),
                RunFixtures.partition(
                    1, PartitionStatus.RUNNING, new UnitCounts(23, 10, 0, 11, 0, 2))));
    RunPageModel page =
        RunFixtures.page(
            run, List.of(RunFixtures.failure(42, "photos/broken.jpg", "thumbnail: truncated")));

    Map<String, String> html = fragments.runPage(page, true, "/darkroom");

    assertThat(html).containsOnlyKeys("progress", "partitions", "chart", "failures", "actions");
    assertThat(html.get("progress"))
        .contains("id=\"units-done\">20<")
        .contains("id=\"units-failed\">1<")
        .contains("id=\"units-skipped\">2<")
        .contains("id=\"units-pending\">10<")
        .contains("id=\"units-total\">33<")
        .contains("id=\"run-eta\">7 s<")
        .contains("status-RUNNING")
        .contains("id=\"run-launcher\"")
        .contains(">· launcher in-process<");
    assertThat(html.get("partitions"))
        .contains("id=\"partition-0\"")
        .contains("id=\"partition-1\"");
    assertThat(html.get("failures"))
        .contains("href=\"/darkroom/assets/42\"")
        .contains("thumbnail: truncated");
    assertThat(html.get("actions"))
        .contains("id=\"pause-run\"")
        .contains("id=\"cancel-run\"")
        .contains("hx-post=\"/darkroom/runs/7/pause\"")
        .doesNotContain("id=\"rerun-failed\"");
  }

  @Test
  void viewersGetNoButtonsAndAnEndedRunWithFailuresOffersOnlyRerun() {
    RunStatusView ended = RunFixtures.status(8, RunStatus.COMPLETED_WITH_FAILURES);
    RunPageModel page = RunFixtures.page(ended, List.of());

    assertThat(fragments.runPage(page, false, "")).doesNotContainKey("actions");
    String actions = fragments.runPage(page, true, "").get("actions");
    assertThat(actions)
        .contains("id=\"rerun-failed\"")
        .doesNotContain("id=\"cancel-run\"")
        .doesNotContain("id=\"pause-run\"")
        .doesNotContain("id=\"resume-run\"");
  }

  @Test
  void aFailedRunShowsTheReasonAPersonMustFixAboveItsReport() {
    // given a run that failed because its workers lack an archive root
    RunPageModel page =
        RunFixtures.page(
            RunFixtures.failed(
                9,
                "116 of 116 units failed: archive root 'photos' is not configured in this worker"),
            List.of());

    // when
    String progress = fragments.runPage(page, false, "").get("progress");

    // then
    assertThat(progress)
        .contains("id=\"run-failure-reason\"")
        .contains("archive root &#39;photos&#39; is not configured in this worker")
        .contains("status-FAILED");
    assertThat(progress.indexOf("run-failure-reason")).isLessThan(progress.indexOf("run-error"));
  }

  @Test
  void pathsAndReasonsFromTheArchiveAreEscaped() {
    RunPageModel page =
        RunFixtures.page(
            RunFixtures.status(7, RunStatus.RUNNING),
            List.of(RunFixtures.failure(42, XSS, "thumbnail: <script>alert(2)</script>")));

    String failures = fragments.runPage(page, false, "").get("failures");

    assertThat(failures)
        .contains("photos/&lt;img src=x onerror=alert(1)&gt;.jpg")
        .contains("&lt;script&gt;alert(2)&lt;/script&gt;")
        .doesNotContain("<img src=x")
        .doesNotContain("<script>");
  }

  @Test
  void theListRowsShowEachRunsProgress() {
    String rows =
        fragments.runRows(
            new Page<>(
                List.of(
                    RunFixtures.summary(3, RunStatus.RUNNING),
                    RunFixtures.summary(2, RunStatus.COMPLETED)),
                null),
            "");

    assertThat(rows)
        .contains("id=\"run-3\"")
        .contains("id=\"run-2\"")
        .contains("href=\"/runs/3\"")
        .contains("23/33")
        .contains("2026-11-23 14:00:00 UTC");
  }

  @Test
  void theChartDrawsOneBarPerBucketWithItsRate() {
    ThroughputChart chart =
        ThroughputChart.of(
            List.of(
                new dev.darkroom.core.run.FinishedBucket(RunFixtures.STARTED, 10),
                new dev.darkroom.core.run.FinishedBucket(RunFixtures.STARTED.plusSeconds(2), 4)),
            RunFixtures.STARTED,
            RunFixtures.STARTED.plusSeconds(4),
            java.time.Duration.ofSeconds(2));
    RunPageModel page =
        new RunPageModel(
            RunFixtures.status(7, RunStatus.RUNNING), chart, new Page<>(List.of(), null));

    String svg = fragments.runPage(page, false, "").get("chart");

    assertThat(chart.maxRate()).isEqualTo(5.0);
    assertThat(chart.bars()).hasSize(2);
    assertThat(chart.bars().get(0).height()).isEqualTo(ThroughputChart.HEIGHT);
    assertThat(chart.bars().get(1).height()).isEqualTo(ThroughputChart.HEIGHT * 0.4);
    assertThat(svg).contains("id=\"throughput-chart\"").contains("data-bars=\"2\"");
    assertThat(svg.split("class=\"throughput-bar\"", -1)).hasSize(3);
  }

  static SpringTemplateEngine engine() {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    SpringTemplateEngine engine = new SpringTemplateEngine();
    engine.setTemplateResolver(resolver);
    return engine;
  }
}
