package dev.darkroom.core.asset;

import java.sql.Types;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes an asset's technical metadata columns. The {@code image-metadata} artifact is the record
 * of what a tool found; these columns are its queryable copy, rewritten whenever a newer run
 * extracts it again.
 */
public class AssetMetadataRepository {

  // Width and height keep what the scan found when the tool could not tell; every other column
  // takes the tool's answer, null included, so a re-extraction can also clear a wrong value.
  private static final String UPDATE =
      """
      UPDATE asset
         SET captured_at   = :capturedAt,
             camera_make   = :cameraMake,
             camera_model  = :cameraModel,
             lens          = :lens,
             gps_latitude  = :gpsLatitude,
             gps_longitude = :gpsLongitude,
             orientation   = :orientation,
             width         = coalesce(:width, width),
             height        = coalesce(:height, height),
             updated_at    = now()
       WHERE id = :id
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
    int rows =
        jdbc.sql(UPDATE)
            .param("id", assetId)
            .param(
                "capturedAt",
                metadata.capturedAt() == null
                    ? null
                    : metadata.capturedAt().withOffsetSameInstant(ZoneOffset.UTC),
                Types.TIMESTAMP_WITH_TIMEZONE)
            .param("cameraMake", metadata.cameraMake(), Types.VARCHAR)
            .param("cameraModel", metadata.cameraModel(), Types.VARCHAR)
            .param("lens", metadata.lens(), Types.VARCHAR)
            .param("gpsLatitude", metadata.gpsLatitude(), Types.DOUBLE)
            .param("gpsLongitude", metadata.gpsLongitude(), Types.DOUBLE)
            .param("orientation", metadata.orientation(), Types.SMALLINT)
            .param("width", metadata.width(), Types.INTEGER)
            .param("height", metadata.height(), Types.INTEGER)
            .update();
    return rows == 1;
  }
}
