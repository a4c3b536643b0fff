package dev.darkroom.batch.pipeline;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/** The sample archive under a temporary directory, and queries the pipeline tests share. */
final class SampleRun {

  static final String ROOT_NAME = "photos";

  private SampleRun() {}

  /** A fresh sample archive at {@code <tmp>/photos}; the data directory sits beside it. */
  static SampleArchive archive() {
    try {
      Path base = Files.createTempDirectory("darkroom-pipeline");
      return SampleArchiveGenerator.generate(base.resolve(ROOT_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void register(
      DynamicPropertyRegistry registry, String testName, SampleArchive archive, int chunkSize) {
    TestDatabase.create(testName).registerWith(registry);
    registry.add("darkroom.archive.roots", () -> archive.root().toString());
    registry.add("darkroom.data-dir", () -> dataDir(archive).toString());
    registry.add("darkroom.runs.chunk-size", () -> Integer.toString(chunkSize));
  }

  static Path dataDir(SampleArchive archive) {
    return archive.root().getParent().resolve("data");
  }

  static String key(long assetId) {
    return String.format("%019d", assetId);
  }

  /** Artifacts (with lineage) per unit key of a run. */
  static Map<String, Long> lineagePerUnit(JdbcClient jdbc, long runId) {
    return jdbc
        .sql(
            """
            SELECT a.unit_key, count(l.artifact_id) AS n
              FROM artifact a JOIN lineage l ON l.artifact_id = a.id
             WHERE a.run_id = ? GROUP BY a.unit_key
            """)
        .param(runId)
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static Map<String, String> unitStatuses(JdbcClient jdbc, long runId) {
    return jdbc
        .sql("SELECT unit_key, status FROM run_unit WHERE run_id = ?")
        .param(runId)
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
        .list()
        .stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static List<String> storageKeys(JdbcClient jdbc, long runId) {
    return jdbc.sql("SELECT storage_key FROM artifact WHERE run_id = ? AND storage_key IS NOT NULL")
        .param(runId)
        .query(String.class)
        .list();
  }
}
