package dev.darkroom.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.PostgresExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class ScanRepositoryTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @Test
  void aScanThatChangedMuchOfTheCatalogRefreshesItsStatisticsAndASmallOneDoesNot() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    ScanRepository scans = new ScanRepository(jdbc);
    long root =
        jdbc.sql("INSERT INTO archive_root (name, path) VALUES ('r', '/r') RETURNING id")
            .query(Long.class)
            .single();
    long first = scans.create(List.of("r"), false);
    jdbc.sql(
            """
            WITH a AS (
              INSERT INTO asset (sha256, size_bytes, media_type, first_scan_id)
              SELECT lpad(to_hex(g), 64, '0'), 1, 'text/plain', :scan
              FROM generate_series(1, 1500) g RETURNING id)
            INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes,
                                        mtime, first_seen_scan, last_seen_scan, hashed_scan)
            SELECT id, :root, 'd/' || id, 'd', 1, now(), :scan, :scan, :scan FROM a
            """)
        .param("scan", first)
        .param("root", root)
        .update();
    scans.finish(first, ScanStatus.COMPLETED, null);

    assertThat(scans.analyzeIfChangedMuch(first)).isTrue();
    assertThat(estimatedRows(jdbc)).isEqualTo(1500);

    long second = scans.create(List.of("r"), false);
    scans.finish(second, ScanStatus.COMPLETED, null);
    assertThat(scans.analyzeIfChangedMuch(second)).isFalse();
  }

  private static long estimatedRows(JdbcClient jdbc) {
    return jdbc.sql("SELECT reltuples::bigint FROM pg_class WHERE relname = 'asset_location'")
        .query(Long.class)
        .single();
  }
}
