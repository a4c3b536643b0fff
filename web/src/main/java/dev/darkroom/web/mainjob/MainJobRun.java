package dev.darkroom.web.mainjob;

import dev.darkroom.core.duplicates.AggregateStepState;
import dev.darkroom.core.duplicates.ClusterMember;
import dev.darkroom.core.duplicates.DuplicateCluster;
import dev.darkroom.core.duplicates.DuplicateRepository;
import dev.darkroom.core.run.Run;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.core.run.UnitCounts;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.orchestrator.run.RunService;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The main job's runs: each pipeline of {@link #PLAN} in sandbox mode, one after another, over the
 * catalogued assets of its scope, progress from PostgreSQL as chunks commit, then a summary of what
 * it produced (for {@code duplicates}, the near-duplicate clusters with their paths).
 */
final class MainJobRun {

  /**
   * One run of the main job.
   *
   * @param query the run's scope in the asset query language; null for every asset
   */
  record Planned(String pipeline, @Nullable String query) {}

  /**
   * What the main job runs, in order. {@code images-basic} takes every asset, as it always did, so
   * its summary shows what happens to each bad file; the others take the assets they are for.
   */
  static final List<Planned> PLAN =
      List.of(
          new Planned(PipelineRegistry.IMAGES_BASIC.id(), null),
          new Planned(PipelineRegistry.VIDEO_BASIC.id(), "type:video"),
          new Planned(PipelineRegistry.DUPLICATES.id(), "type:image"));

  static final int CLUSTERS_SHOWN = 10;
  static final long SEED = 42;
  static final Duration POLL = Duration.ofMillis(250);
  static final int FAILED_SHOWN = 10;

  private static final String ARTIFACTS_BY_KIND =
      "SELECT kind, count(*) AS n FROM artifact WHERE run_id = ? GROUP BY kind ORDER BY kind";
  private static final String WITH_LINEAGE =
      """
      SELECT count(*) FROM artifact a
       WHERE a.run_id = ? AND EXISTS (SELECT 1 FROM lineage l WHERE l.artifact_id = a.id)
      """;
  private static final String UNITS_BY_STATUS =
      """
      SELECT u.unit_key, u.error, r.name AS root, l.rel_path
        FROM run_unit u
        LEFT JOIN LATERAL (SELECT root_id, rel_path FROM asset_location
                            WHERE asset_id = u.asset_id AND gone_at IS NULL
                            ORDER BY id LIMIT 1) l ON true
        LEFT JOIN archive_root r ON r.id = l.root_id
       WHERE u.run_id = ? AND u.status = ?
       ORDER BY u.unit_key
       LIMIT ?
      """;

  private final RunService runs;
  private final RunUnitRepository units;
  private final JdbcClient jdbc;
  private final DuplicateRepository duplicates;
  private final PrintStream out;
  private final String dashboardUrl;

  MainJobRun(
      RunService runs,
      RunUnitRepository units,
      JdbcClient jdbc,
      DuplicateRepository duplicates,
      PrintStream out,
      String dashboardUrl) {
    this.runs = runs;
    this.units = units;
    this.jdbc = jdbc;
    this.duplicates = duplicates;
    this.out = out;
    this.dashboardUrl = dashboardUrl;
  }

  /**
   * The policy: a sandbox (smaller thumbnails, artifacts expire after 7 days) over every asset by
   * default, so the summary covers every bad file of the sample; {@code sample} limits it to a
   * deterministic sample of that many assets.
   */
  static RunPolicy policy(@Nullable Integer sample) {
    return sample == null ? RunPolicy.sandboxFraction(1.0, SEED) : RunPolicy.sandbox(sample, SEED);
  }

  /** Starts the run, shows its progress until it ends and prints the summary; returns the run. */
  Run run(Planned planned, RunPolicy policy) throws InterruptedException {
    Instant started = Instant.now();
    RunRequest request =
        planned.query() == null
            ? RunRequest.allAssets(planned.pipeline(), policy, "main-job")
            : RunRequest.query(planned.pipeline(), planned.query(), policy, "main-job");
    long runId = runs.startRun(request, "main-job");
    String assets = planned.query() == null ? "asset" : "asset matching " + planned.query();
    out.println();
    out.println(
        "Run #"
            + runId
            + ": "
            + planned.pipeline()
            + ", sandbox over "
            + (policy.sampleCount() == null
                ? "every " + assets
                : "a sample of "
                    + policy.sampleCount()
                    + " "
                    + assets.replaceFirst("^asset", "assets")
                    + " (seed "
                    + SEED
                    + ")")
            + " (workflow "
            + runs.get(runId).workflowId()
            + ")");
    out.println("Follow it live: " + dashboardUrl + "runs/" + runId);
    Run run;
    try (ConsoleLogHold hold = ConsoleLogHold.start(out);
        ProgressBar bar =
            new ProgressBarBuilder()
                .setTaskName("Run #" + runId)
                .setUnit(" units", 1)
                .setInitialMax(-1)
                .setStyle(ProgressBarStyle.ASCII)
                .continuousUpdate()
                .build()) {
      while (true) {
        run = runs.get(runId);
        UnitCounts counts = units.counts(runId);
        if (counts.total() > 0) {
          bar.maxHint(counts.total());
          bar.stepTo(counts.done() + counts.failed() + counts.skipped());
          bar.setExtraMessage(counts.failed() > 0 ? " " + counts.failed() + " failed" : "");
        }
        if (run.status().terminal()) {
          break;
        }
        Thread.sleep(POLL.toMillis());
      }
    }
    print(run, Duration.between(started, Instant.now()));
    return run;
  }

  private void print(Run run, Duration took) {
    double seconds = Math.max(took.toMillis(), 1) / 1000.0;
    UnitCounts counts = units.counts(run.id());
    out.println();
    out.printf(
        Locale.ROOT,
        "Run #%d %s in %.1f s (%s)%n",
        run.id(),
        run.status(),
        seconds,
        run.pipelineId() + " " + run.pipelineVersion());
    row("units", counts.total());
    row("done", counts.done());
    row("failed", counts.failed());
    row("skipped", counts.skipped());
    if (counts.unfinished() > 0) {
      row("not processed", counts.unfinished());
    }
    Map<String, Long> byKind = new LinkedHashMap<>();
    jdbc.sql(ARTIFACTS_BY_KIND)
        .param(run.id())
        .query(
            rs -> {
              byKind.put(rs.getString("kind"), rs.getLong("n"));
            });
    long artifacts = byKind.values().stream().mapToLong(Long::longValue).sum();
    long withLineage = jdbc.sql(WITH_LINEAGE).param(run.id()).query(Long.class).single();
    row(
        "artifacts",
        artifacts
            + (withLineage == artifacts
                ? " (all with lineage)"
                : " (" + (artifacts - withLineage) + " WITHOUT lineage)"));
    byKind.forEach((kind, n) -> row("  " + kind, n));
    row(
        "throughput",
        String.format(
            Locale.ROOT, "%.1f units/s", (counts.total() - counts.unfinished()) / seconds));
    if (run.error() != null) {
      row("report", run.error());
    }
    for (String step : PipelineRegistry.aggregateSteps(run.pipelineId())) {
      printAggregate(run.id(), step);
    }
    if (counts.skipped() > 0) {
      out.println(
          "  skipped units"
              + (counts.skipped() > FAILED_SHOWN ? " (first " + FAILED_SHOWN + ")" : "")
              + ":");
      units(run.id(), "SKIPPED").forEach(out::println);
    }
    if (counts.failed() > 0) {
      out.println(
          "  failed units"
              + (counts.failed() > FAILED_SHOWN ? " (first " + FAILED_SHOWN + ")" : "")
              + ":");
      units(run.id(), "FAILED").forEach(out::println);
      out.println(
          "  rerun them once fixed: \"Rerun failed\" on "
              + dashboardUrl
              + "runs/"
              + run.id()
              + ", or POST /api/runs/"
              + run.id()
              + "/rerun-failed (docs/api.md)");
    }
  }

  /** An aggregate step's outcome; for near-duplicates, the clusters with their members' paths. */
  private void printAggregate(long runId, String step) {
    Optional<AggregateStepState> state = duplicates.step(runId, step);
    if (state.isEmpty()) {
      row(step, "not run");
      return;
    }
    AggregateStepState s = state.get();
    row(
        step,
        s.status()
            + ", "
            + s.membersAdded()
            + " hash"
            + (s.membersAdded() == 1 ? "" : "es")
            + " added, "
            + s.clustersWritten()
            + (s.clustersWritten() == 1 ? " cluster" : " clusters")
            + " written"
            + (s.error() == null ? "" : ": " + s.error()));
    if (!step.equals(PipelineRegistry.NEAR_DUPLICATES) || s.indexId() == null) {
      return;
    }
    long total = duplicates.countClusters(s.indexId());
    row("clusters", total);
    List<DuplicateCluster> clusters = duplicates.clusters(s.indexId(), CLUSTERS_SHOWN, 0);
    for (DuplicateCluster cluster : clusters) {
      out.printf("    cluster %d (%d members):%n", cluster.clusterId(), cluster.members().size());
      for (ClusterMember member : cluster.members()) {
        out.printf(
            "      %s  (%d bits from the first)%n",
            String.join(", ", member.paths()), member.distance());
      }
    }
    if (total > clusters.size()) {
      out.println("    … " + (total - clusters.size()) + " more: " + dashboardUrl + "duplicates");
    }
  }

  private List<String> units(long runId, String status) {
    return jdbc.sql(UNITS_BY_STATUS)
        .param(runId)
        .param(status)
        .param(FAILED_SHOWN)
        .query(
            (rs, n) ->
                String.format(
                    "    %s/%s: %s",
                    rs.getString("root"), rs.getString("rel_path"), rs.getString("error")))
        .list();
  }

  private void row(String label, Object value) {
    out.printf("  %-16s %s%n", label, value);
  }
}
