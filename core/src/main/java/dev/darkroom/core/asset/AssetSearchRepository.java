package dev.darkroom.core.asset;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.SqlFragment;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads the {@code asset} table for people: search with the query language (keyset-paged in id
 * order, which is the order the scan catalogued them, hence stable), counts, and one asset's every
 * column. Everything it returns is committed data, so results of a running run show up as soon as
 * their chunk commits.
 */
@Repository
public class AssetSearchRepository {

  // The first live location names the asset; the newest unexpired thumbnail illustrates it.
  private static final String SEARCH =
      """
      SELECT a.id, a.sha256, a.size_bytes, a.media_type, a.width, a.height, a.captured_at,
             a.camera_make, a.camera_model, loc.root_name, loc.rel_path, thumb.id AS thumbnail_id
        FROM asset a
        JOIN LATERAL (SELECT r.name AS root_name, l.rel_path
                        FROM asset_location l JOIN archive_root r ON r.id = l.root_id
                       WHERE l.asset_id = a.id AND l.gone_at IS NULL
                       ORDER BY l.id LIMIT 1) loc ON TRUE
        LEFT JOIN LATERAL (SELECT t.id FROM artifact t
                            WHERE t.asset_id = a.id AND t.kind = 'thumbnail'
                              AND (t.expires_at IS NULL OR t.expires_at > now())
                            ORDER BY t.created_at DESC, t.id DESC LIMIT 1) thumb ON TRUE
       WHERE a.id > :afterId AND %s
       ORDER BY a.id
       LIMIT :limit
      """;
  private static final String COUNT = "SELECT count(*) FROM asset a WHERE %s";
  private static final String COUNT_UP_TO =
      "SELECT count(*) FROM (SELECT 1 FROM asset a WHERE %s LIMIT :cap) matching";

  /** Assets with a live location, from V50's counters (striped over slots). */
  private static final String LIVE_ASSETS = "SELECT coalesce(sum(n), 0) FROM coverage_media";

  private static final String DETAIL =
      """
      SELECT id, sha256, size_bytes, media_type, width, height, duration_ms, captured_at,
             camera_make, camera_model, lens, gps_latitude, gps_longitude, orientation,
             metadata::text AS metadata_json, created_at, updated_at
        FROM asset WHERE id = :id
      """;

  private static final RowMapper<AssetSummary> SUMMARY = AssetSearchRepository::mapSummary;
  private static final RowMapper<AssetDetail> DETAIL_ROW = AssetSearchRepository::mapDetail;

  private final JdbcClient jdbc;

  public AssetSearchRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Matching assets with an id greater than {@code afterId}, in id order.
   *
   * @param afterId 0 for the first page, else the last id of the previous page
   * @param limit at most this many; fetch one more than a page to know whether a next one exists
   */
  public List<AssetSummary> search(AssetQuery query, long afterId, int limit) {
    SqlFragment where = query.where();
    return jdbc.sql(SEARCH.formatted(where.sql()))
        .params(where.params())
        .param("afterId", afterId)
        .param("limit", limit)
        .query(SUMMARY)
        .list();
  }

  /**
   * The members of a static collection that still have a live location, in id order, paged like
   * {@link #search}. (A dynamic collection's members are what its query matches: use {@link
   * #search} with it.)
   */
  public List<AssetSummary> members(long collectionId, long afterId, int limit) {
    SqlFragment where = AssetQuery.all().where();
    return jdbc.sql(
            SEARCH.formatted(
                where.sql()
                    + " AND EXISTS (SELECT 1 FROM collection_member m"
                    + " WHERE m.collection_id = :collectionId AND m.asset_id = a.id)"))
        .params(where.params())
        .param("collectionId", collectionId)
        .param("afterId", afterId)
        .param("limit", limit)
        .query(SUMMARY)
        .list();
  }

  /** How many assets match, now. */
  public long count(AssetQuery query) {
    SqlFragment where = query.where();
    return jdbc.sql(COUNT.formatted(where.sql())).params(where.params()).query(Long.class).single();
  }

  /**
   * How many assets match, counting no further than {@code cap}: a result above {@code cap} means
   * "more than that". Bounds the cost of showing a count next to every page of a broad query.
   */
  public long countUpTo(AssetQuery query, long cap) {
    SqlFragment where = query.where();
    return jdbc.sql(COUNT_UP_TO.formatted(where.sql()))
        .params(where.params())
        .param("cap", cap + 1)
        .query(Long.class)
        .single();
  }

  /**
   * How many assets have a live location, which is what a blank query matches: read from the
   * counters V50's triggers keep per media type in the transaction of every location change (the
   * coverage page's "All assets" total), exact and at the cost of a few counter rows at any catalog
   * size (ADR 0031).
   */
  public long liveAssets() {
    return jdbc.sql(LIVE_ASSETS).query(Long.class).single();
  }

  /** Every column of the asset, whether or not it still has a live location. */
  public Optional<AssetDetail> detail(long assetId) {
    return jdbc.sql(DETAIL).param("id", assetId).query(DETAIL_ROW).optional();
  }

  private static AssetSummary mapSummary(ResultSet rs, int row) throws SQLException {
    return new AssetSummary(
        rs.getLong("id"),
        rs.getString("sha256"),
        rs.getLong("size_bytes"),
        rs.getString("media_type"),
        rs.getObject("width", Integer.class),
        rs.getObject("height", Integer.class),
        instant(rs.getTimestamp("captured_at")),
        rs.getString("camera_make"),
        rs.getString("camera_model"),
        rs.getString("root_name"),
        rs.getString("rel_path"),
        rs.getObject("thumbnail_id", Long.class));
  }

  private static AssetDetail mapDetail(ResultSet rs, int row) throws SQLException {
    return new AssetDetail(
        rs.getLong("id"),
        rs.getString("sha256"),
        rs.getLong("size_bytes"),
        rs.getString("media_type"),
        rs.getObject("width", Integer.class),
        rs.getObject("height", Integer.class),
        rs.getObject("duration_ms", Long.class),
        instant(rs.getTimestamp("captured_at")),
        rs.getString("camera_make"),
        rs.getString("camera_model"),
        rs.getString("lens"),
        rs.getObject("gps_latitude", Double.class),
        rs.getObject("gps_longitude", Double.class),
        rs.getObject("orientation", Integer.class),
        rs.getString("metadata_json"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
