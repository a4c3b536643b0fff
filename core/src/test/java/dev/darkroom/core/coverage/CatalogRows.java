package dev.darkroom.core.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Assets and their locations under one archive root, written as plain rows for tests. */
public final class CatalogRows {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final JdbcClient jdbc;
  private final long rootId;

  public CatalogRows(JdbcClient jdbc, long rootId) {
    this.jdbc = jdbc;
    this.rootId = rootId;
  }

  /** {@code count} new assets of this media type, each live at {@code file-<id>.jpg}. */
  public List<Long> assets(String mediaType, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long n = SEQUENCE.incrementAndGet();
      String sha = String.format("%064x", n * 7919 + System.nanoTime());
      long id =
          jdbc.sql(
                  "INSERT INTO asset (sha256, size_bytes, media_type) VALUES (?, 10, ?)"
                      + " RETURNING id")
              .params(sha.substring(sha.length() - 64), mediaType)
              .query(Long.class)
              .single();
      location(id, "file-" + id + ".jpg");
      ids.add(id);
    }
    return ids;
  }

  /** A live location of the asset at {@code path}. */
  public void location(long assetId, String path) {
    jdbc.sql(
            """
            INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes,
                                        mtime)
            VALUES (?, ?, ?, '', 10, now())
            """)
        .params(assetId, rootId, path)
        .update();
  }

  /** Closes the asset's live location at {@code path} as vanished. */
  public void close(long assetId, String path) {
    jdbc.sql(
            "UPDATE asset_location SET gone_at = now(), gone_reason = 'VANISHED'"
                + " WHERE asset_id = ? AND rel_path = ? AND gone_at IS NULL")
        .params(assetId, path)
        .update();
  }
}
