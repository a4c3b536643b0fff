package dev.darkroom.storage.maintenance;

import dev.darkroom.core.storage.StoredArtifact;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes the catalog rows tests need: a run, artifacts pointing at blobs, lineage. */
final class Catalog {

  private final JdbcClient jdbc;
  private final long runId;

  Catalog(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.runId =
        jdbc.sql(
                """
                INSERT INTO run (pipeline_id, pipeline_version, policy, requested_by)
                VALUES ('thumbnails', '1', 'SANDBOX', 'test') RETURNING id
                """)
            .query(Long.class)
            .single();
  }

  /** Inserts an artifact row and its lineage in one statement, as a chunk commit would. */
  long artifact(StoredArtifact blob, @Nullable Instant expiresAt) {
    return jdbc.sql(
            """
            WITH a AS (
              INSERT INTO artifact (kind, run_id, unit_key, storage_key, sha256, size_bytes,
                                    media_type, expires_at)
              VALUES ('thumbnail', :run, :unit, :key, :sha, :size, :type, :expires)
              RETURNING id),
            l AS (
              INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, params_hash)
              SELECT id, :run, 'thumbnailer', '1.0', repeat('0', 64) FROM a)
            SELECT id FROM a
            """)
        .param("run", runId)
        .param("unit", UUID.randomUUID().toString())
        .param("key", blob.key())
        .param("sha", blob.sha256())
        .param("size", blob.size())
        .param("type", blob.mediaType())
        .param(
            "expires",
            expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  long inlineArtifact() {
    return jdbc.sql(
            """
            INSERT INTO artifact (kind, run_id, unit_key, inline_value)
            VALUES ('tags', :run, :unit, '["cat"]'::jsonb) RETURNING id
            """)
        .param("run", runId)
        .param("unit", UUID.randomUUID().toString())
        .query(Long.class)
        .single();
  }

  void input(long artifactId, long inputArtifactId) {
    jdbc.sql("INSERT INTO lineage_input (artifact_id, input_artifact_id) VALUES (:a, :i)")
        .param("a", artifactId)
        .param("i", inputArtifactId)
        .update();
  }

  void expire(long artifactId) {
    jdbc.sql("UPDATE artifact SET expires_at = now() - interval '1 second' WHERE id = :id")
        .param("id", artifactId)
        .update();
  }

  void delete(long artifactId) {
    jdbc.sql("DELETE FROM artifact WHERE id = :id").param("id", artifactId).update();
  }

  boolean artifactExists(long id) {
    return jdbc.sql("SELECT count(*) FROM artifact WHERE id = :id")
            .param("id", id)
            .query(Long.class)
            .single()
        > 0;
  }

  long lineageRows(long artifactId) {
    return jdbc.sql("SELECT count(*) FROM lineage WHERE artifact_id = :id")
        .param("id", artifactId)
        .query(Long.class)
        .single();
  }

  List<String> referencedKeys() {
    return jdbc.sql("SELECT DISTINCT storage_key FROM artifact WHERE storage_key IS NOT NULL")
        .query(String.class)
        .list();
  }
}
