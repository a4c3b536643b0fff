package dev.darkroom.core.artifact;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Queries on {@code artifact} rows that storage maintenance needs: which blobs are referenced, and
 * removal of expired rows with their lineage.
 */
public class ArtifactRepository {

  private static final String REFERENCED_BLOBS_AFTER =
      """
      SELECT storage_key,
             coalesce(min(sha256), substr(storage_key, 7))          AS sha256,
             coalesce(max(size_bytes), -1)                          AS size_bytes,
             coalesce(min(media_type), 'application/octet-stream')  AS media_type
        FROM artifact
       WHERE storage_key IS NOT NULL AND storage_key > :after
       GROUP BY storage_key
       ORDER BY storage_key
       LIMIT :limit
      """;

  private static final String REFERENCED_AMONG =
      """
      SELECT DISTINCT storage_key FROM artifact WHERE storage_key = ANY(:keys)
      """;

  // Leaves first: an expired artifact that is still the input of another artifact's lineage stays
  // until that artifact is gone (lineage_input's foreign key would refuse it anyway). Rows locked
  // by a concurrent sweep are skipped rather than waited for.
  private static final String LOCK_EXPIRED =
      """
      SELECT a.id
        FROM artifact a
       WHERE a.expires_at <= :now
         AND NOT EXISTS (SELECT 1 FROM lineage_input li WHERE li.input_artifact_id = a.id)
       ORDER BY a.expires_at, a.id
       LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """;

  private static final String DELETE_LINEAGE_INPUTS =
      "DELETE FROM lineage_input WHERE artifact_id = ANY(:ids)";
  private static final String DELETE_LINEAGE = "DELETE FROM lineage WHERE artifact_id = ANY(:ids)";
  private static final String DELETE_ARTIFACTS =
      "DELETE FROM artifact WHERE id = ANY(:ids) RETURNING storage_key";

  private static final RowMapper<ReferencedBlob> REFERENCED_BLOB =
      (ResultSet rs, int row) ->
          new ReferencedBlob(
              rs.getString("storage_key"),
              rs.getString("sha256"),
              rs.getLong("size_bytes"),
              rs.getString("media_type"));

  private final JdbcClient jdbc;

  public ArtifactRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public ArtifactRepository(DataSource dataSource) {
    this(JdbcClient.create(dataSource));
  }

  /**
   * Distinct referenced storage keys greater than {@code afterKey}, in key order (keyset paging).
   */
  public List<ReferencedBlob> referencedBlobsAfter(String afterKey, int limit) {
    return jdbc.sql(REFERENCED_BLOBS_AFTER)
        .param("after", afterKey)
        .param("limit", limit)
        .query(REFERENCED_BLOB)
        .list();
  }

  /** Those of {@code keys} that at least one row references. */
  public Set<String> referencedAmong(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.sql(REFERENCED_AMONG)
            .param("keys", keys.toArray(String[]::new))
            .query(String.class)
            .list());
  }

  /**
   * Locks up to {@code limit} expired artifacts that no lineage uses as input. Must run inside the
   * transaction that deletes them.
   */
  public List<Long> lockExpired(Instant now, int limit) {
    return jdbc.sql(LOCK_EXPIRED)
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /**
   * Deletes artifacts with their lineage and returns the storage keys they referenced (inline-only
   * artifacts contribute none). Call inside one transaction with {@link #lockExpired}.
   */
  public List<String> deleteWithLineage(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Long[] array = ids.toArray(Long[]::new);
    jdbc.sql(DELETE_LINEAGE_INPUTS).param("ids", array).update();
    jdbc.sql(DELETE_LINEAGE).param("ids", array).update();
    return jdbc
        .sql(DELETE_ARTIFACTS)
        .param("ids", array)
        .query((ResultSet rs, int row) -> rs.getString(1))
        .list()
        .stream()
        .filter(key -> key != null)
        .distinct()
        .toList();
  }
}
