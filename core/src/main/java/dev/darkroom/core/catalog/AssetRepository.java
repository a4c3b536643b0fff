package dev.darkroom.core.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code asset} table and catalog-wide totals. */
@Repository
public class AssetRepository {

  private static final String COLUMNS =
      "id, sha256, size_bytes, media_type, width, height, captured_at, camera_make, camera_model,"
          + " created_at";
  private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM asset WHERE id = :id";
  private static final String FIND_BY_SHA = "SELECT " + COLUMNS + " FROM asset WHERE sha256 = :sha";
  private static final String FIND_LIVE_AT =
      """
      SELECT a.id, a.sha256, a.size_bytes, a.media_type, a.width, a.height, a.captured_at,
             a.camera_make, a.camera_model, a.created_at
      FROM asset a JOIN asset_location l ON l.asset_id = a.id
      JOIN archive_root r ON r.id = l.root_id
      WHERE r.name = :root AND l.rel_path = :path AND l.gone_at IS NULL
      """;
  private static final String TOTALS =
      """
      SELECT (SELECT count(*) FROM asset) AS assets,
             (SELECT coalesce(sum(size_bytes), 0) FROM asset) AS bytes,
             (SELECT count(*) FROM asset_location WHERE gone_at IS NULL) AS live,
             (SELECT count(*) FROM asset_location WHERE gone_at IS NOT NULL) AS gone,
             (SELECT count(*) FROM archive_root) AS roots
      """;
  private static final String BY_MEDIA_TYPE =
      "SELECT media_type, count(*) AS n FROM asset GROUP BY media_type ORDER BY n DESC, media_type";

  private final JdbcClient jdbc;

  public AssetRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Asset> findById(long id) {
    return jdbc.sql(FIND_BY_ID).param("id", id).query(AssetRepository::map).optional();
  }

  public Optional<Asset> findBySha256(String sha256) {
    return jdbc.sql(FIND_BY_SHA).param("sha", sha256).query(AssetRepository::map).optional();
  }

  /** The asset whose live location is {@code relPath} under the root named {@code root}. */
  public Optional<Asset> findLiveAt(String root, String relPath) {
    return jdbc.sql(FIND_LIVE_AT)
        .param("root", root)
        .param("path", relPath)
        .query(AssetRepository::map)
        .optional();
  }

  public CatalogSummary summary() {
    Map<String, Long> byType = new LinkedHashMap<>();
    jdbc.sql(BY_MEDIA_TYPE)
        .query((rs, n) -> byType.put(rs.getString("media_type"), rs.getLong("n")))
        .list();
    return jdbc.sql(TOTALS)
        .query(
            (rs, n) ->
                new CatalogSummary(
                    rs.getLong("assets"),
                    rs.getLong("bytes"),
                    rs.getLong("live"),
                    rs.getLong("gone"),
                    rs.getLong("roots"),
                    byType))
        .single();
  }

  static Asset map(ResultSet rs, int row) throws SQLException {
    Timestamp captured = rs.getTimestamp("captured_at");
    return new Asset(
        rs.getLong("id"),
        rs.getString("sha256"),
        rs.getLong("size_bytes"),
        rs.getString("media_type"),
        (Integer) rs.getObject("width"),
        (Integer) rs.getObject("height"),
        captured == null ? null : captured.toInstant(),
        rs.getString("camera_make"),
        rs.getString("camera_model"),
        rs.getTimestamp("created_at").toInstant());
  }
}
