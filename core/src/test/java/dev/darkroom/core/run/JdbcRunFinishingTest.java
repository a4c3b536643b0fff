package dev.darkroom.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JdbcRunFinishingTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  CatalogFixture catalog;
  JdbcRunFinishing finishing;

  @BeforeEach
  void setUp() {
    catalog = new CatalogFixture(db.dataSource());
    finishing = new JdbcRunFinishing(catalog.runs, catalog.units, catalog.partitions);
  }

  @Test
  void productionRunWithEveryUnitDoneIsCompleted() {
    List<Long> assets = catalog.assets(3);
    long runId = plannedRun(assets, RunPolicy.production());
    catalog.units.markDone(runId, keys(assets), 1);

    RunOutcome outcome = finishing.finish(runId, false);

    assertThat(outcome).isEqualTo(new RunOutcome(runId, RunStatus.COMPLETED, 3, 0, 0));
    Run run = catalog.runs.get(runId);
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.unitsDone()).isEqualTo(3);
    assertThat(run.finishedAt()).isNotNull();
  }

  @Test
  void productionRunWithFailedUnitsIsCompletedWithFailures() {
    List<Long> assets = catalog.assets(3);
    long runId = plannedRun(assets, RunPolicy.production());
    catalog.units.markDone(runId, keys(assets.subList(0, 2)), 1);
    catalog.units.markFailed(runId, keys(assets).get(2), "truncated", 1);

    RunOutcome outcome = finishing.finish(runId, false);

    assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(outcome.unitsFailed()).isEqualTo(1);
    assertThat(catalog.runs.get(runId).unitsFailed()).isEqualTo(1);
    assertThat(catalog.runs.get(runId).failureReason()).isNull();
  }

  @Test
  void runInWhichEveryUnitFailedIsFailedWithTheirReason() {
    // given every unit failed, for the same reason
    List<Long> assets = catalog.assets(3);
    long runId = plannedRun(assets, RunPolicy.production());
    for (String key : keys(assets)) {
      catalog.units.markFailed(runId, key, "thumbnail: cannot decode image", 1);
    }

    // when
    RunOutcome outcome = finishing.finish(runId, false);

    // then
    assertThat(outcome).isEqualTo(new RunOutcome(runId, RunStatus.FAILED, 0, 3, 0));
    Run run = catalog.runs.get(runId);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.failureReason()).isEqualTo("every unit failed: thumbnail: cannot decode image");
    assertThat(run.error()).isEqualTo("3 of 3 units failed");
  }

  @Test
  void runInWhichEveryUnitFailedForSeveralReasonsNamesTheMostCommon() {
    List<Long> assets = catalog.assets(3);
    long runId = plannedRun(assets, RunPolicy.sandbox(3, 1));
    catalog.units.markFailed(runId, keys(assets).get(0), "exiftool: timed out", 1);
    catalog.units.markFailed(runId, keys(assets).get(1), "thumbnail: cannot decode image", 1);
    catalog.units.markFailed(runId, keys(assets).get(2), "thumbnail: cannot decode image", 1);

    RunOutcome outcome = finishing.finish(runId, false);

    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(catalog.runs.get(runId).failureReason())
        .isEqualTo(
            "every unit failed; the most common reason (2 of 3 units):"
                + " thumbnail: cannot decode image");
  }

  @Test
  void runWhoseFailedUnitsShareOneConfigurationReasonIsFailedWithIt() {
    // given most units done, and the failed ones all lacking the same archive root
    List<Long> assets = catalog.assets(4);
    long runId = plannedRun(assets, RunPolicy.production());
    catalog.units.markDone(runId, keys(assets.subList(0, 2)), 1);
    String missingRoot = "archive root 'photos' is not configured in this worker";
    catalog.units.markFailed(runId, keys(assets).get(2), missingRoot, 1);
    catalog.units.markFailed(runId, keys(assets).get(3), missingRoot, 1);

    // when
    RunOutcome outcome = finishing.finish(runId, false);

    // then
    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(catalog.runs.get(runId).failureReason())
        .isEqualTo("2 of 4 units failed: " + missingRoot);
  }

  @Test
  void runWhoseFailedUnitsShareOneFileReasonIsOnlyCompletedWithFailures() {
    // given two damaged files failing alike: a problem of the files, not of the configuration
    List<Long> assets = catalog.assets(4);
    long runId = plannedRun(assets, RunPolicy.production());
    catalog.units.markDone(runId, keys(assets.subList(0, 2)), 1);
    catalog.units.markFailed(runId, keys(assets).get(2), "thumbnail: truncated JPEG", 1);
    catalog.units.markFailed(runId, keys(assets).get(3), "thumbnail: truncated JPEG", 1);

    RunOutcome outcome = finishing.finish(runId, false);

    assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(catalog.runs.get(runId).failureReason()).isNull();
  }

  @Test
  void productionRunWithAPartitionThatGaveUpIsFailedWithThePartitionsError() {
    // given a partition that failed for good, its units never processed
    List<Long> assets = catalog.assets(4);
    long runId = plannedRun(assets, RunPolicy.production());
    catalog.units.markDone(runId, keys(assets.subList(0, 2)), 1);
    catalog.partitions.markFinished(
        runId, 0, PartitionStatus.FAILED, "run pinned tool thumbnail version 1, worker has 2");

    // when
    RunOutcome outcome = finishing.finish(runId, false);

    // then
    assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
    assertThat(catalog.runs.get(runId).failureReason())
        .isEqualTo("partition 0 failed: run pinned tool thumbnail version 1, worker has 2");
  }

  @Test
  void productionRunWithUnprocessedUnitsFailsAndNamesThem() {
    List<Long> assets = catalog.assets(4);
    long runId = plannedRun(assets, RunPolicy.production());
    catalog.units.markDone(runId, keys(assets.subList(0, 2)), 1);

    RunOutcome outcome = finishing.finish(runId, false);

    assertThat(outcome).isEqualTo(new RunOutcome(runId, RunStatus.FAILED, 2, 0, 2));
    assertThat(catalog.runs.get(runId).error())
        .contains("incomplete: 2 of 4 units were never processed")
        .contains(keys(assets).get(2))
        .contains(keys(assets).get(3));
  }

  @Test
  void sandboxRunWithUnprocessedUnitsKeepsItsPartialResults() {
    List<Long> assets = catalog.assets(4);
    long runId = plannedRun(assets, RunPolicy.sandbox(4, 1));
    catalog.units.markDone(runId, keys(assets.subList(0, 3)), 1);

    RunOutcome outcome = finishing.finish(runId, false);

    assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETED_WITH_FAILURES);
    assertThat(outcome.unitsPending()).isEqualTo(1);
  }

  @Test
  void cancelledRunIsCancelledAndFinishingAgainChangesNothing() {
    List<Long> assets = catalog.assets(2);
    long runId = plannedRun(assets, RunPolicy.production());
    catalog.units.markDone(runId, keys(assets.subList(0, 1)), 1);

    RunOutcome cancelled = finishing.finish(runId, true);
    catalog.units.markDone(runId, keys(assets.subList(1, 2)), 1);
    RunOutcome again = finishing.finish(runId, false);

    assertThat(cancelled).isEqualTo(new RunOutcome(runId, RunStatus.CANCELLED, 1, 0, 1));
    assertThat(again.status()).isEqualTo(RunStatus.CANCELLED);
  }

  private long plannedRun(List<Long> assets, RunPolicy policy) {
    long collection = catalog.staticCollection(assets);
    long runId = catalog.run(RunRequest.collection("p", collection, policy, "t"));
    catalog.planning(10).plan(runId);
    catalog.runs.transition(runId, RunStatus.RUNNING);
    return runId;
  }

  private static List<String> keys(List<Long> assets) {
    return assets.stream().map(JdbcRunPlanningTest::key).toList();
  }
}
