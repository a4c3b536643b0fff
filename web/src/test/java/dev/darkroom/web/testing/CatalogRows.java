package dev.darkroom.web.testing;

import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes catalog rows straight into a test database: roots, assets with locations, runs, and
 * artifacts with their lineage (stored blobs go into the real artifact store first, as the chunk
 * writer does).
 */
public final class CatalogRows {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final JdbcClient jdbc;
  private final ArtifactStore store;

  public CatalogRows(JdbcClient jdbc, ArtifactStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  public JdbcClient jdbc() {
    return jdbc;
  }

  /** A root with a unique name that starts with {@code prefix}. */
  public long root(String prefix) {
    String name = prefix + "-" + SEQUENCE.incrementAndGet();
    return jdbc.sql("INSERT INTO archive_root (name, path) VALUES (?, ?) RETURNING id")
        .params(name, "/archive/" + name)
        .query(Long.class)
        .single();
  }

  public String rootName(long rootId) {
    return jdbc.sql("SELECT name FROM archive_root WHERE id = ?")
        .param(rootId)
        .query(String.class)
        .single();
  }

  public Asset asset(String mediaType) {
    return new Asset(mediaType);
  }

  public void location(long assetId, long rootId, String relPath, boolean gone) {
    int slash = relPath.lastIndexOf('/');
    jdbc.sql(
            """
            INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes, mtime,
                                        gone_at, gone_reason)
            VALUES (?, ?, ?, ?, 10, now(), CASE WHEN ? THEN now() END,
                    CASE WHEN ? THEN 'VANISHED' END)
            """)
        .params(assetId, rootId, relPath, slash < 0 ? "" : relPath.substring(0, slash), gone, gone)
        .update();
  }

  /** A run row of {@code images-basic} in the given status. */
  public long run(String status) {
    return jdbc.sql(
            """
            INSERT INTO run (pipeline_id, pipeline_version, policy, requested_by, status,
                             sample_count, sample_seed, thumbnail_size, artifact_ttl_secs)
            VALUES ('images-basic', '1', 'SANDBOX', 'test', ?, 10, 42, 256, 604800) RETURNING id
            """)
        .param(status)
        .query(Long.class)
        .single();
  }

  /** A blob artifact with its lineage; the bytes go into the artifact store first. */
  public long stored(
      long runId,
      long assetId,
      String kind,
      String mediaType,
      byte[] content,
      String parametersJson) {
    StoredArtifact blob = store.put(new ByteArrayInputStream(content), mediaType);
    long id =
        jdbc.sql(
                """
                INSERT INTO artifact (kind, asset_id, run_id, unit_key, storage_key, sha256,
                                      size_bytes, media_type)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """)
            .params(
                kind,
                assetId,
                runId,
                String.format("%019d", assetId),
                blob.key(),
                blob.sha256(),
                blob.size(),
                mediaType)
            .query(Long.class)
            .single();
    lineage(id, runId, kind, parametersJson);
    return id;
  }

  /** An inline JSON artifact with its lineage. */
  public long inline(long runId, long assetId, String kind, String json) {
    return inline(runId, assetId, kind, json, null);
  }

  public long inline(
      long runId, long assetId, String kind, String json, @Nullable OffsetDateTime expiresAt) {
    long id =
        jdbc.sql(
                """
                INSERT INTO artifact (kind, asset_id, run_id, unit_key, media_type, inline_value,
                                      expires_at)
                VALUES (?, ?, ?, ?, 'application/json', ?::jsonb, ?) RETURNING id
                """)
            .params(kind, assetId, runId, String.format("%019d", assetId), json, expiresAt)
            .query(Long.class)
            .single();
    lineage(id, runId, kind, "{}");
    return id;
  }

  /** Says that the artifact was made by another version of its tool (the default is 1). */
  public void toolVersion(long artifactId, String version) {
    jdbc.sql("UPDATE lineage SET tool_version = ? WHERE artifact_id = ?")
        .params(version, artifactId)
        .update();
  }

  /** Records that {@code artifactId} was derived from {@code inputId}. */
  public void input(long artifactId, long inputId) {
    jdbc.sql("INSERT INTO lineage_input (artifact_id, input_artifact_id) VALUES (?, ?)")
        .params(artifactId, inputId)
        .update();
  }

  private void lineage(long artifactId, long runId, String toolId, String parametersJson) {
    jdbc.sql(
            """
            INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, parameters,
                                 params_hash)
            VALUES (?, ?, ?, '1', ?::jsonb, encode(sha256(convert_to(?, 'UTF8')), 'hex'))
            """)
        .params(artifactId, runId, toolId, parametersJson, parametersJson)
        .update();
  }

  /** An asset row to insert. */
  public final class Asset {
    private final String mediaType;
    private long size = 1000;
    private @Nullable OffsetDateTime captured;
    private @Nullable String make;
    private @Nullable String model;
    private String metadataJson = "{}";

    private Asset(String mediaType) {
      this.mediaType = mediaType;
    }

    public Asset size(long bytes) {
      this.size = bytes;
      return this;
    }

    public Asset taken(String isoOffsetDateTime) {
      this.captured = OffsetDateTime.parse(isoOffsetDateTime);
      return this;
    }

    public Asset camera(@Nullable String make, @Nullable String model) {
      this.make = make;
      this.model = model;
      return this;
    }

    public Asset metadata(String json) {
      this.metadataJson = json;
      return this;
    }

    /** Inserts it with one live location. */
    public long at(long rootId, String relPath) {
      long id = insert();
      location(id, rootId, relPath, false);
      return id;
    }

    public long insert() {
      String sha = String.format("%064x", SEQUENCE.incrementAndGet() * 15_485_863L + 17);
      return jdbc.sql(
              """
              INSERT INTO asset (sha256, size_bytes, media_type, width, height, captured_at,
                                 camera_make, camera_model, metadata)
              VALUES (?, ?, ?, 4000, 3000, ?, ?, ?, ?::jsonb) RETURNING id
              """)
          .params(sha, size, mediaType, captured, make, model, metadataJson)
          .query(Long.class)
          .single();
    }
  }
}
