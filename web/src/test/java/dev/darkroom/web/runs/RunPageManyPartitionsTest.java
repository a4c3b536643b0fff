package dev.darkroom.web.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.coverage.RunStepRepository;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PartitionStatus;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.testsupport.PostgresExtension;
import dev.darkroom.web.api.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A run of hundreds of partitions: its status and page list a bounded number of partitions (the
 * working and failed ones first) beside a summary by status that equals a recount, and the rest are
 * reachable a page at a time. Real PostgreSQL, the real templates.
 */
class RunPageManyPartitionsTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static final int PARTITIONS = 300;

  JdbcClient jdbc;
  RunViews views;
  long runId;

  @BeforeEach
  void aRunOfThreeHundredPartitions() {
    jdbc = JdbcClient.create(db.dataSource());
    RunRepository runs = new RunRepository(jdbc);
    views =
        new RunViews(
            runs,
            new RunUnitRepository(jdbc),
            new PartitionRepository(jdbc),
            new TemporalLinks(null, "default"),
            new RunStepRepository(jdbc));
    long asset =
        jdbc.sql(
                "INSERT INTO asset (sha256, size_bytes, media_type)"
                    + " VALUES (md5(random()::text) || md5(random()::text), 1, 'image/jpeg')"
                    + " RETURNING id")
            .query(Long.class)
            .single();
    runId =
        runs.create(
            RunRequest.allAssets("images-basic", RunPolicy.production(), "alice"), "1", Map.of());
    // given: 300 partitions of 2 units: 0-149 COMPLETED (both done), 150-151 RUNNING (one done),
    // 152-159 FAILED (one failed, one done), 160-299 PENDING
    jdbc.sql(
            """
            INSERT INTO run_unit (run_id, unit_key, asset_id, partition_no, status)
            SELECT :run, p || '-' || u, :asset, p,
                   CASE WHEN p < 150 THEN 'DONE'
                        WHEN p < 152 THEN CASE u WHEN 0 THEN 'DONE' ELSE 'PENDING' END
                        WHEN p < 160 THEN CASE u WHEN 0 THEN 'DONE' ELSE 'FAILED' END
                        ELSE 'PENDING' END
              FROM generate_series(0, :partitions - 1) p, generate_series(0, 1) u
            """)
        .param("run", runId)
        .param("asset", asset)
        .param("partitions", PARTITIONS)
        .update();
    jdbc.sql(
            """
            INSERT INTO run_partition (run_id, partition_no, units_total, status, last_error)
            SELECT :run, p, 2,
                   CASE WHEN p < 150 THEN 'COMPLETED' WHEN p < 152 THEN 'RUNNING'
                        WHEN p < 160 THEN 'FAILED' ELSE 'PENDING' END,
                   CASE WHEN p BETWEEN 152 AND 159 THEN 'gave up' END
              FROM generate_series(0, :partitions - 1) p
            """)
        .param("run", runId)
        .param("partitions", PARTITIONS)
        .update();
  }

  @Test
  void theStatusListsABoundedPageWorkingAndFailedFirstAndASummaryEqualToARecount() {
    // when
    RunStatusView status = views.status(runId);

    // then: 20 partitions, the 2 running, then the 8 failed, then the first others by number
    assertThat(status.partitions()).hasSize(RunStatusView.PARTITIONS_SHOWN);
    assertThat(status.partitions().stream().map(PartitionView::partitionNo).toList())
        .startsWith(150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 0, 1);
    assertThat(status.partitionsTotal()).isEqualTo(PARTITIONS);
    assertThat(status.morePartitions()).isEqualTo("/api/runs/" + runId + "/partitions");
    // and: the summary equals a recount of the partitions and of their units
    assertThat(summaryOf(status)).isEqualTo(recount());
    assertThat(status.counts()).isEqualTo(new UnitCounts(600, 282, 0, 310, 8, 0));
  }

  @Test
  void theRunPageRendersABoundedNumberOfPartitionRowsAndTheSummary() {
    // when: the page's live fragment, as the page and its stream render it
    RunFragments fragments = new RunFragments(RunFragmentsTest.engine());
    String html = fragments.runPage(views.page(runId), false, "").get("partitions");

    // then
    assertThat(count(html, "class=\"partition\"")).isEqualTo(RunStatusView.PARTITIONS_SHOWN);
    assertThat(html).contains("id=\"partition-150\"").contains("id=\"partition-159\"");
    assertThat(html).doesNotContain("id=\"partition-299\"");
    Map<String, Long> shownSummary = new HashMap<>();
    Matcher row =
        Pattern.compile(
                "id=\"partition-state-(\\w+)\"[^>]*>\\s*<td class=\"partition-state-count\">(\\d+)<")
            .matcher(html);
    while (row.find()) {
      shownSummary.put(row.group(1), Long.parseLong(row.group(2)));
    }
    Map<String, Long> partitionsByStatus = new HashMap<>();
    recount().forEach((s, units) -> partitionsByStatus.put(s, units.get(0)));
    assertThat(shownSummary).isEqualTo(partitionsByStatus);
    assertThat(html).contains("20 of 300 partitions listed");
  }

  @Test
  void everyPartitionIsReachableAPageAtATime() {
    // when: paging through every partition, 50 at a time
    List<Integer> seen = new ArrayList<>();
    Integer after = null;
    int pages = 0;
    do {
      Page<PartitionView> page = views.partitions(runId, List.of(), after, 50);
      page.items().forEach(p -> seen.add(p.partitionNo()));
      after = page.next() == null ? null : Integer.valueOf(page.next());
      pages++;
    } while (after != null);

    // then
    assertThat(pages).isEqualTo(6);
    assertThat(seen).hasSize(PARTITIONS).doesNotHaveDuplicates().isSorted();
    // and: a status filter pages only those
    assertThat(views.partitions(runId, List.of(PartitionStatus.FAILED), null, 50).items())
        .extracting(PartitionView::partitionNo)
        .containsExactly(152, 153, 154, 155, 156, 157, 158, 159);
  }

  /** Status → [partitions, units, done, failed, pending] from the view. */
  private static Map<String, List<Long>> summaryOf(RunStatusView status) {
    Map<String, List<Long>> summary = new HashMap<>();
    for (PartitionStateView state : status.partitionSummary()) {
      summary.put(
          state.status().name(),
          List.of(
              state.partitions(),
              state.units().total(),
              state.units().done(),
              state.units().failed(),
              state.units().pending()));
    }
    return summary;
  }

  /** The same, recounted from run_partition and run_unit without the counters. */
  private Map<String, List<Long>> recount() {
    Map<String, List<Long>> summary = new HashMap<>();
    jdbc.sql(
            """
            SELECT p.status, count(DISTINCT p.partition_no) AS partitions, count(u.*) AS units,
                   count(*) FILTER (WHERE u.status = 'DONE') AS done,
                   count(*) FILTER (WHERE u.status = 'FAILED') AS failed,
                   count(*) FILTER (WHERE u.status = 'PENDING') AS pending
              FROM run_partition p
              JOIN run_unit u ON u.run_id = p.run_id AND u.partition_no = p.partition_no
             WHERE p.run_id = :run
             GROUP BY p.status
            """)
        .param("run", runId)
        .query(
            rs -> {
              summary.put(
                  rs.getString("status"),
                  List.of(
                      rs.getLong("partitions"),
                      rs.getLong("units"),
                      rs.getLong("done"),
                      rs.getLong("failed"),
                      rs.getLong("pending")));
            });
    return summary;
  }

  private static int count(String html, String needle) {
    int count = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }
}
