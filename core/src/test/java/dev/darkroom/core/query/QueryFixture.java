package dev.darkroom.core.query;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes catalog rows (roots, assets, locations, artifacts) straight into a test database. */
final class QueryFixture {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  final JdbcClient jdbc;
  private @Nullable Long runId;

  QueryFixture(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  long root(String name) {
    return jdbc.sql("INSERT INTO archive_root (name, path) VALUES (?, ?) RETURNING id")
        .params(name, "/archive/" + name)
        .query(Long.class)
        .single();
  }

  AssetBuilder asset(String mediaType) {
    return new AssetBuilder(mediaType);
  }

  /** Adds a location; {@code gone} closes it as VANISHED. */
  void location(long assetId, long rootId, String relPath, boolean gone) {
    int slash = relPath.lastIndexOf('/');
    jdbc.sql(
            """
            INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes, mtime,
                                        gone_at, gone_reason)
            VALUES (?, ?, ?, ?, 1, now(), CASE WHEN ? THEN now() END,
                    CASE WHEN ? THEN 'VANISHED' END)
            """)
        .params(assetId, rootId, relPath, slash < 0 ? "" : relPath.substring(0, slash), gone, gone)
        .update();
  }

  /** An inline artifact of a kind, expiring at {@code expiresAt} (null: kept). */
  void artifact(long assetId, String kind, @Nullable OffsetDateTime expiresAt) {
    jdbc.sql(
            """
            INSERT INTO artifact (kind, asset_id, run_id, unit_key, media_type, inline_value,
                                  expires_at)
            VALUES (?, ?, ?, ?, 'application/json', '{}'::jsonb, ?)
            """)
        .params(kind, assetId, run(), "u" + SEQUENCE.incrementAndGet(), expiresAt)
        .update();
  }

  private long run() {
    if (runId == null) {
      runId =
          jdbc.sql(
                  """
                  INSERT INTO run (pipeline_id, pipeline_version, policy, requested_by)
                  VALUES ('images-basic', '1', 'PRODUCTION', 'test') RETURNING id
                  """)
              .query(Long.class)
              .single();
    }
    return runId;
  }

  final class AssetBuilder {
    private final String mediaType;
    private long size = 100;
    private @Nullable OffsetDateTime captured;
    private @Nullable String make;
    private @Nullable String model;
    private @Nullable String sha;

    private AssetBuilder(String mediaType) {
      this.mediaType = mediaType;
    }

    AssetBuilder size(long bytes) {
      this.size = bytes;
      return this;
    }

    AssetBuilder taken(String isoOffsetDateTime) {
      this.captured = OffsetDateTime.parse(isoOffsetDateTime);
      return this;
    }

    AssetBuilder camera(@Nullable String make, @Nullable String model) {
      this.make = make;
      this.model = model;
      return this;
    }

    AssetBuilder sha(String sha256) {
      this.sha = sha256;
      return this;
    }

    /** Inserts the asset with one live location at {@code relPath} in {@code rootId}. */
    long at(long rootId, String relPath) {
      long id = insert();
      location(id, rootId, relPath, false);
      return id;
    }

    long insert() {
      String hash =
          sha != null ? sha : String.format("%064x", SEQUENCE.incrementAndGet() * 1_000_003L);
      return jdbc.sql(
              """
              INSERT INTO asset (sha256, size_bytes, media_type, captured_at, camera_make,
                                 camera_model)
              VALUES (?, ?, ?, ?, ?, ?) RETURNING id
              """)
          .params(hash, size, mediaType, captured, make, model)
          .query(Long.class)
          .single();
    }
  }
}
