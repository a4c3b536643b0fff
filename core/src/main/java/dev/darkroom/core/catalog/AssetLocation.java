package dev.darkroom.core.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One place an asset was seen; {@code goneAt} is set once it is no longer there. {@code lastSeenAt}
 * is the start of the last scan that saw it.
 */
public record AssetLocation(
    long id,
    long assetId,
    String rootName,
    String relPath,
    long sizeBytes,
    Instant mtime,
    Instant firstSeenAt,
    Instant lastSeenAt,
    @Nullable Instant goneAt,
    @Nullable String goneReason) {

  public boolean live() {
    return goneAt == null;
  }

  static AssetLocation map(ResultSet rs, int row) throws SQLException {
    Timestamp gone = rs.getTimestamp("gone_at");
    return new AssetLocation(
        rs.getLong("id"),
        rs.getLong("asset_id"),
        rs.getString("root_name"),
        rs.getString("rel_path"),
        rs.getLong("size_bytes"),
        rs.getTimestamp("mtime").toInstant(),
        rs.getTimestamp("first_seen_at").toInstant(),
        rs.getTimestamp("last_seen_at").toInstant(),
        gone == null ? null : gone.toInstant(),
        rs.getString("gone_reason"));
  }
}
