package dev.darkroom.core.run;

import dev.darkroom.core.coverage.CatalogRows;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Inserts assets with live locations, collections and runs straight into a test database. */
final class CatalogFixture {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  final JdbcClient jdbc;
  final RunRepository runs;
  final RunUnitRepository units;
  final PartitionRepository partitions;
  final TransactionTemplate transaction;
  private final long rootId;

  CatalogFixture(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.runs = new RunRepository(jdbc);
    this.units = new RunUnitRepository(jdbc);
    this.partitions = new PartitionRepository(jdbc);
    this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    String name = "root-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
    this.rootId =
        jdbc.sql("INSERT INTO archive_root (name, path) VALUES (?, ?) RETURNING id")
            .params(name, "/archive/" + name)
            .query(Long.class)
            .single();
  }

  JdbcRunPlanning planning(int partitionSize) {
    return new JdbcRunPlanning(jdbc, transaction, runs, partitions, partitionSize);
  }

  /** {@code count} image assets, each with one live location; their ids in order. */
  List<Long> assets(int count) {
    return new CatalogRows(jdbc, rootId).assets("image/jpeg", count);
  }

  long staticCollection(List<Long> members) {
    long id =
        jdbc.sql("INSERT INTO collection (name, kind) VALUES (?, 'STATIC') RETURNING id")
            .param("collection-" + SEQUENCE.incrementAndGet())
            .query(Long.class)
            .single();
    for (long asset : members) {
      jdbc.sql("INSERT INTO collection_member (collection_id, asset_id) VALUES (?, ?)")
          .params(id, asset)
          .update();
    }
    return id;
  }

  long run(RunRequest request) {
    return runs.create(request, "1", java.util.Map.of("thumbnail", "1"));
  }

  List<Long> unitAssets(long runId) {
    return jdbc.sql("SELECT asset_id FROM run_unit WHERE run_id = ? ORDER BY unit_key")
        .param(runId)
        .query(Long.class)
        .list();
  }
}
