package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.run.JdbcRunPlanning;
import dev.darkroom.core.run.PartitionRepository;
import dev.darkroom.core.run.PendingUnit;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunRepository;
import dev.darkroom.core.run.RunRequest;
import dev.darkroom.core.run.RunUnitRepository;
import dev.darkroom.testsupport.PostgresExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Restart contract of the unit reader, in the spirit of AbstractItemStreamItemReaderTests. */
class UnitReaderTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @Test
  void restartResumesAfterTheSavedKeyAndNeverReadsFinishedUnits() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    RunUnitRepository units = new RunUnitRepository(jdbc);
    long runId = plannedRun(jdbc, 6);
    UnitReader first = new UnitReader(units, runId, 0, 2);
    ExecutionContext context = new ExecutionContext();
    first.open(context);
    List<String> read = keys(first, 2);
    first.update(context);
    units.markDone(runId, read, 1); // the chunk committed with its position

    UnitReader restarted = new UnitReader(units, runId, 0, 2);
    restarted.open(context);
    List<String> rest = keys(restarted, 10);

    assertThat(rest).hasSize(4).doesNotContainAnyElementsOf(read);
    assertThat(rest).isSorted();
  }

  @Test
  void positionSavedForARolledBackChunkDoesNotLoseItsUnits() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    RunUnitRepository units = new RunUnitRepository(jdbc);
    long runId = plannedRun(jdbc, 6);
    UnitReader first = new UnitReader(units, runId, 0, 3);
    ExecutionContext context = new ExecutionContext();
    first.open(context);
    List<String> read = keys(first, 3);
    first.update(context); // saved although only the first two units' chunk committed
    units.markDone(runId, read.subList(0, 2), 1);

    UnitReader restarted = new UnitReader(units, runId, 0, 3);
    restarted.open(context);
    List<String> rest = keys(restarted, 10);

    assertThat(rest).hasSize(4).endsWith(read.get(2));
    assertThat(rest.subList(0, 3)).isSorted().allMatch(key -> key.compareTo(read.get(2)) > 0);
  }

  private static List<String> keys(UnitReader reader, int max) {
    List<String> keys = new ArrayList<>();
    PendingUnit unit;
    while (keys.size() < max && (unit = reader.read()) != null) {
      keys.add(unit.unitKey());
    }
    return keys;
  }

  private static long plannedRun(JdbcClient jdbc, int assets) {
    String name = "r" + System.nanoTime();
    long rootId =
        jdbc.sql("INSERT INTO archive_root (name, path) VALUES (?, ?) RETURNING id")
            .params(name, "/" + name)
            .query(Long.class)
            .single();
    long collection =
        jdbc.sql("INSERT INTO collection (name, kind) VALUES (?, 'STATIC') RETURNING id")
            .param(name)
            .query(Long.class)
            .single();
    for (int i = 0; i < assets; i++) {
      String sha = String.format("%064x", System.nanoTime() + i);
      long id =
          jdbc.sql(
                  "INSERT INTO asset (sha256, size_bytes, media_type) VALUES (?, 1, 'image/png')"
                      + " RETURNING id")
              .param(sha)
              .query(Long.class)
              .single();
      jdbc.sql(
              "INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes,"
                  + " mtime) VALUES (?, ?, ?, '', 1, now())")
          .params(id, rootId, "f" + i + ".png")
          .update();
      jdbc.sql("INSERT INTO collection_member (collection_id, asset_id) VALUES (?, ?)")
          .params(collection, id)
          .update();
    }
    RunRepository runs = new RunRepository(jdbc);
    long runId =
        runs.create(
            RunRequest.collection("images-basic", collection, RunPolicy.production(), "t"),
            "1",
            Map.of());
    new JdbcRunPlanning(
            jdbc,
            new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())),
            runs,
            new PartitionRepository(jdbc),
            100)
        .plan(runId);
    return runId;
  }
}
