package dev.darkroom.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
    Table table = new Table("ID>", "NAME", "COUNT>").row(7, "holiday", 12).row(123, "x", 3);

    assertThat(table.render(80))
        .isEqualTo(
            """
             ID  NAME     COUNT
              7  holiday     12
            123  x            3
            """);
  }

  @Test
  void aTableWiderThanTheTerminalCutsItsWidestColumnWithAnEllipsis() {
    Table table =
        new Table("ID>", "PATH", "STATUS")
            .row(1, "photos/2019/2019-07 Lake trip/IMG_0413.jpg", "COMPLETED");

    String rendered = table.render(40);

    assertThat(rendered.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(40));
    assertThat(rendered).contains("photos/2019/2019-07 Lake…").contains("COMPLETED");
  }

  @Test
  void flexibleColumnsGiveWayBeforeOthers() {
    Table table =
        new Table("STATUS", "CREATED", "SCOPE~")
            .row("COMPLETED_WITH_FAILURES", "2026-12-06 18:31:02", "query type:image taken:2019");

    String rendered = table.render(60);

    assertThat(rendered).contains("COMPLETED_WITH_FAILURES  2026-12-06 18:31:02  query type:");
    assertThat(rendered.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
  }

  @Test
  void newlinesInCellsNeverBreakARow() {
    assertThat(new Table("A", "B").row("one\ntwo", "x").render(80).lines()).hasSize(2);
  }

  @Test
  void theProgressLineFitsItsWidthAndShowsTheCount() {
    String line = ProgressBar.render("run 7 RUNNING", 50, 100, "failed 1", 60);

    assertThat(line).contains("50/100").contains("failed 1").contains("#####");
    assertThat(line.length()).isLessThanOrEqualTo(60);
  }
}
