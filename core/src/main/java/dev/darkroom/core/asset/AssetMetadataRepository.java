package dev.darkroom.core.asset;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes an asset's technical metadata columns. A tool's artifact ({@code image-metadata}, {@code
 * video-probe}) is the record of what it found; these columns are its queryable copy ({@code
 * Tool.catalogProjection}), rewritten whenever a newer run extracts it again.
 */
public class AssetMetadataRepository {

  // Width, height and duration keep what was known when the tool could not tell; every other column
  // takes the tool's answer, null included, so a re-extraction can also clear a wrong value. One
  // statement for any number of assets (a chunk's worth): one round trip instead of one per asset.
  private static final String UPDATE =
      """
      UPDATE asset a
         SET captured_at   = m.captured_at::timestamptz,
             camera_make   = m.camera_make,
             camera_model  = m.camera_model,
             lens          = m.lens,
             gps_latitude  = m.gps_latitude,
             gps_longitude = m.gps_longitude,
             orientation   = m.orientation::smallint,
             width         = coalesce(m.width, a.width),
             height        = coalesce(m.height, a.height),
             duration_ms   = coalesce(m.duration_ms, a.duration_ms),
             updated_at    = now()
        FROM unnest(:ids::bigint[], :capturedAt::text[], :cameraMake::text[], :cameraModel::text[],
                    :lens::text[], :gpsLatitude::float8[], :gpsLongitude::float8[],
                    :orientation::int[], :width::int[], :height::int[],
                    :durationMs::bigint[])
             AS m(id, captured_at, camera_make, camera_model, lens, gps_latitude, gps_longitude,
                  orientation, width, height, duration_ms)
       WHERE a.id = m.id
      """;

  private final JdbcClient jdbc;

  public AssetMetadataRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public AssetMetadataRepository(DataSource dataSource) {
    this(JdbcClient.create(dataSource));
  }

  /**
   * Replaces the asset's metadata columns. Joins the caller's transaction when there is one, so the
   * batch writer commits it with the artifact rows.
   *
   * @return false if there is no asset with this id (nothing is written)
   */
  public boolean update(long assetId, AssetMetadata metadata) {
    return updateAll(Map.of(assetId, metadata)) == 1;
  }

  /**
   * Replaces the metadata columns of many assets in one statement, joining the caller's
   * transaction. Ids without an asset are ignored.
   *
   * @return how many assets were updated
   */
  public int updateAll(Map<Long, AssetMetadata> byAsset) {
    if (byAsset.isEmpty()) {
      return 0;
    }
    List<Map.Entry<Long, AssetMetadata>> rows = List.copyOf(byAsset.entrySet());
    return jdbc.sql(UPDATE)
        .param("ids", rows.stream().map(Map.Entry::getKey).toArray(Long[]::new))
        .param("capturedAt", column(rows, m -> utcText(m.capturedAt()), String[]::new))
        .param("cameraMake", column(rows, AssetMetadata::cameraMake, String[]::new))
        .param("cameraModel", column(rows, AssetMetadata::cameraModel, String[]::new))
        .param("lens", column(rows, AssetMetadata::lens, String[]::new))
        .param("gpsLatitude", column(rows, AssetMetadata::gpsLatitude, Double[]::new))
        .param("gpsLongitude", column(rows, AssetMetadata::gpsLongitude, Double[]::new))
        .param("orientation", column(rows, AssetMetadata::orientation, Integer[]::new))
        .param("width", column(rows, AssetMetadata::width, Integer[]::new))
        .param("height", column(rows, AssetMetadata::height, Integer[]::new))
        .param("durationMs", column(rows, AssetMetadata::durationMs, Long[]::new))
        .update();
  }

  private static <T> T[] column(
      List<Map.Entry<Long, AssetMetadata>> rows,
      Function<AssetMetadata, @Nullable T> field,
      IntFunction<T[]> array) {
    return rows.stream().map(e -> field.apply(e.getValue())).toArray(array);
  }

  private static @Nullable String utcText(@Nullable OffsetDateTime time) {
    return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toString();
  }
}
