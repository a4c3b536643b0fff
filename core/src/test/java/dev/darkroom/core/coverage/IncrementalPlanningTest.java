package dev.darkroom.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.JdbcRunPlanning;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A production run plans only what is missing, stale or failed; force and sandbox plan as before.
 */
class IncrementalPlanningTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  static final AtomicLong SEQUENCE = new AtomicLong();
  static final String H = "a".repeat(64);
  static final CoverageStep THUMB =
      new CoverageStep("thumbnail", "thumbnail", "2", H, List.of("image/*"));

  JdbcClient jdbc;
  RunRepository runs;
  RunStepRepository runSteps;
  CoverageRepository coverage;
  JdbcRunPlanning planning;
  long rootId;
  long earlierRun;

  @BeforeEach
  void setUp() {
    jdbc = JdbcClient.create(db.dataSource());
    runs = new RunRepository(jdbc);
    runSteps = new RunStepRepository(jdbc);
    coverage = new CoverageRepository(jdbc);
    planning =
        new JdbcRunPlanning(
            jdbc,
            new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())),
            runs,
            new PartitionRepository(jdbc),
            100);
    rootId =
        jdbc.sql("INSERT INTO archive_root (name, path) VALUES (?, ?) RETURNING id")
            .params("r" + SEQUENCE.incrementAndGet(), "/archive/" + System.nanoTime())
            .query(Long.class)
            .single();
    earlierRun = runs.create(RunRequest.allAssets("p", RunPolicy.production(), "t"), "1", Map.of());
  }

  @Test
  void onlyMissingStaleAndFailedAssetsArePlannedAndTheRestIsCountedAsCurrent() {
    List<Long> ids = assets("image/jpeg", 6);
    long text = assets("text/plain", 1).get(0);
    coverage.record(
        earlierRun,
        List.of(
            StepOutcome.produced(ids.get(0), "thumbnail", "2", H),
            StepOutcome.produced(ids.get(1), "thumbnail", "2", H),
            StepOutcome.produced(ids.get(2), "thumbnail", "1", H), // stale
            StepOutcome.failed(ids.get(3), "thumbnail", "2", H, "bad"))); // failed
    long collection = collection(ids, text);

    long run = production(collection, false);
    planning.plan(run);

    assertThat(unitAssets(run)).containsExactly(ids.get(2), ids.get(3), ids.get(4), ids.get(5));
    assertThat(runSteps.summary(run)).isEqualTo(new RunStepRepository.IncrementalSummary(false, 3));
    assertThat(runs.get(run).unitsTotal()).isEqualTo(4);
  }

  @Test
  void aSecondRunOverAnUnchangedCollectionPlansNothingAndForcePlansEverything() {
    List<Long> ids = assets("image/png", 3);
    List<StepOutcome> all = new ArrayList<>();
    ids.forEach(id -> all.add(StepOutcome.produced(id, "thumbnail", "2", H)));
    coverage.record(earlierRun, all);
    long collection = collection(ids);

    long again = production(collection, false);
    long forced = production(collection, true);
    planning.plan(again);
    planning.plan(forced);

    assertThat(unitAssets(again)).isEmpty();
    assertThat(runSteps.summary(again).unitsCurrent()).isEqualTo(3);
    assertThat(unitAssets(forced)).containsExactlyElementsOf(ids);
    assertThat(runSteps.summary(forced))
        .isEqualTo(new RunStepRepository.IncrementalSummary(true, 0));
  }

  @Test
  void sandboxRunsAndRunsWithoutRecordedStepsPlanTheirWholeScope() {
    List<Long> ids = assets("image/png", 2);
    ids.forEach(
        id -> coverage.record(earlierRun, List.of(StepOutcome.produced(id, "thumbnail", "2", H))));
    long collection = collection(ids);
    long sandbox =
        runs.create(
            RunRequest.collection("p", collection, RunPolicy.sandbox(10, 1), "t"), "1", Map.of());
    runSteps.record(sandbox, List.of(THUMB), false);
    long legacy =
        runs.create(
            RunRequest.collection("p", collection, RunPolicy.production(), "t"), "1", Map.of());

    planning.plan(sandbox);
    planning.plan(legacy);

    assertThat(unitAssets(sandbox)).hasSize(2);
    assertThat(unitAssets(legacy)).hasSize(2);
  }

  private long production(long collection, boolean force) {
    long run =
        runs.create(
            RunRequest.collection("p", collection, RunPolicy.production(), "t").withForce(force),
            "1",
            Map.of());
    runSteps.record(run, List.of(THUMB), force);
    return run;
  }

  private long collection(List<Long> ids, long... more) {
    long id =
        jdbc.sql("INSERT INTO collection (name, kind) VALUES (?, 'STATIC') RETURNING id")
            .param("c" + SEQUENCE.incrementAndGet())
            .query(Long.class)
            .single();
    List<Long> members = new ArrayList<>(ids);
    for (long m : more) {
      members.add(m);
    }
    for (long m : members) {
      jdbc.sql("INSERT INTO collection_member VALUES (?, ?)").params(id, m).update();
    }
    return id;
  }

  private List<Long> unitAssets(long runId) {
    return jdbc.sql("SELECT asset_id FROM run_unit WHERE run_id = ? ORDER BY unit_key")
        .param(runId)
        .query(Long.class)
        .list();
  }

  private List<Long> assets(String mediaType, int count) {
    return new CatalogRows(jdbc, rootId).assets(mediaType, count);
  }
}
