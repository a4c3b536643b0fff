package dev.darkroom.batch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.storage.ArtifactStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a run that was interrupted (a killed worker, a database outage, a killed server) must still
 * have left in the catalogue: each unit's artifact of each kind recorded once, the expected count
 * per kind, a lineage row per artifact, and every stored artifact's blob in the store. Read from
 * the real tables and the real store; shared with the temporal-orchestrator and web tests through
 * batch-jobs' test jar (this package only).
 */
public final class RunArtifactsAssert {

  private final JdbcClient jdbc;
  private final ArtifactStore store;

  private RunArtifactsAssert(JdbcClient jdbc, ArtifactStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  public static RunArtifactsAssert of(JdbcClient jdbc, ArtifactStore store) {
    return new RunArtifactsAssert(jdbc, store);
  }

  /**
   * Asserts run {@code runId} recorded no unit's kind twice, exactly the count {@code perKind}
   * names for each kind and no other kind, one lineage row per artifact, at least {@code stored}
   * stored artifacts, and the blob of every one of them.
   *
   * @return the storage keys of the run's stored artifacts
   */
  public List<String> assertOncePerUnitAndKindWithBlobs(
      long runId, Map<String, Long> perKind, long stored) {
    assertNoUnitKindTwice(runId);
    Map<String, Long> kinds =
        jdbc
            .sql("SELECT kind, count(*) FROM artifact WHERE run_id = ? GROUP BY kind")
            .param(runId)
            .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(kinds).as("artifacts per kind").isEqualTo(perKind);
    long artifacts = kinds.values().stream().mapToLong(Long::longValue).sum();
    long lineage =
        jdbc.sql(
                """
                SELECT count(*) FROM artifact a JOIN lineage l ON l.artifact_id = a.id
                 WHERE a.run_id = ?
                """)
            .param(runId)
            .query(Long.class)
            .single();
    assertThat(lineage).as("one lineage row per artifact").isEqualTo(artifacts);
    return assertBlobsOfStoredArtifacts(runId, stored);
  }

  /**
   * Asserts that no unit's kind is recorded twice and, per unit, its artifacts with lineage: {@code
   * tools} for a done unit, none for a pending or running one, fewer than {@code tools} otherwise
   * (a failed unit keeps what its earlier tools committed).
   */
  public void assertEveryDoneUnitHasOneArtifactPerTool(long runId, int tools) {
    assertNoUnitKindTwice(runId);
    Map<String, Long> perUnit =
        jdbc
            .sql(
                """
                SELECT a.unit_key, count(l.artifact_id) FROM artifact a
                  JOIN lineage l ON l.artifact_id = a.id
                 WHERE a.run_id = ? GROUP BY a.unit_key
                """)
            .param(runId)
            .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    Map<String, String> statuses =
        jdbc
            .sql("SELECT unit_key, status FROM run_unit WHERE run_id = ?")
            .param(runId)
            .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
            .list()
            .stream()
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    statuses.forEach(
        (key, status) -> {
          if (status.equals("DONE")) {
            assertThat(perUnit.get(key)).as("artifacts of done unit " + key).isEqualTo(tools);
          } else if (status.equals("PENDING") || status.equals("RUNNING")) {
            assertThat(perUnit.get(key)).as("artifacts of unfinished unit " + key).isNull();
          } else if (perUnit.containsKey(key)) {
            assertThat(perUnit.get(key)).as(key).isLessThan(tools);
          }
        });
  }

  /** Asserts at least {@code atLeast} stored artifacts in the run, each with its blob. */
  public List<String> assertBlobsOfStoredArtifacts(long runId, long atLeast) {
    List<String> keys =
        jdbc.sql("SELECT storage_key FROM artifact WHERE run_id = ? AND storage_key IS NOT NULL")
            .param(runId)
            .query(String.class)
            .list();
    assertThat(keys).as("stored artifacts").hasSizeGreaterThanOrEqualTo((int) atLeast);
    for (String key : keys) {
      assertThat(store.exists(key)).as("blob of " + key).isTrue();
    }
    return keys;
  }

  private void assertNoUnitKindTwice(long runId) {
    long duplicates =
        jdbc.sql(
                """
                SELECT count(*) FROM (SELECT unit_key, kind FROM artifact WHERE run_id = ?
                                       GROUP BY unit_key, kind HAVING count(*) > 1) d
                """)
            .param(runId)
            .query(Long.class)
            .single();
    assertThat(duplicates).as("artifacts recorded twice for one unit and kind").isZero();
  }
}
