package dev.darkroom.core.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.testsupport.PostgresExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

class AssetMetadataRepositoryTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @Test
  void updateWritesEveryTypedColumn() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    long id = insertAsset(jdbc, "1");
    AssetMetadata metadata =
        new AssetMetadata(
            OffsetDateTime.of(2019, 7, 14, 9, 12, 3, 0, ZoneOffset.ofHours(2)),
            "Canon",
            "Canon EOS 5D Mark IV",
            "EF24-70mm f/2.8L II USM",
            45.8992,
            6.1294,
            6,
            3000,
            4000);

    boolean updated = new AssetMetadataRepository(db.dataSource()).update(id, metadata);

    assertThat(updated).isTrue();
    Map<String, Object> row =
        jdbc.sql(
                """
                SELECT to_char(captured_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS captured,
                       camera_make, camera_model, lens, gps_latitude, gps_longitude, orientation,
                       width, height
                  FROM asset WHERE id = ?
                """)
            .param(id)
            .query()
            .singleRow();
    assertThat(row)
        .containsEntry("captured", "2019-07-14T07:12:03")
        .containsEntry("camera_make", "Canon")
        .containsEntry("camera_model", "Canon EOS 5D Mark IV")
        .containsEntry("lens", "EF24-70mm f/2.8L II USM")
        .containsEntry("gps_latitude", 45.8992)
        .containsEntry("gps_longitude", 6.1294)
        .containsEntry("orientation", 6)
        .containsEntry("width", 3000)
        .containsEntry("height", 4000);
  }

  @Test
  void unknownValuesClearColumnsButKeepTheScannedSize() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    long id = insertAsset(jdbc, "2");
    jdbc.sql("UPDATE asset SET width = 640, height = 480, camera_make = 'Old' WHERE id = ?")
        .param(id)
        .update();

    new AssetMetadataRepository(jdbc)
        .update(id, new AssetMetadata(null, null, null, null, null, null, null, null, null));

    Map<String, Object> row =
        jdbc.sql("SELECT camera_make, captured_at, width, height FROM asset WHERE id = ?")
            .param(id)
            .query()
            .singleRow();
    assertThat(row.get("camera_make")).isNull();
    assertThat(row.get("captured_at")).isNull();
    assertThat(row).containsEntry("width", 640).containsEntry("height", 480);
  }

  @Test
  void missingAssetIsReportedNotInserted() {
    assertThat(
            new AssetMetadataRepository(db.dataSource())
                .update(
                    Long.MAX_VALUE,
                    new AssetMetadata(null, "Canon", null, null, null, null, null, null, null)))
        .isFalse();
  }

  @Test
  void valuesTheTableWouldRejectFailInTheRecord() {
    assertThatThrownBy(() -> new AssetMetadata(null, null, null, null, 91.0, 0.0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latitude");
    assertThatThrownBy(() -> new AssetMetadata(null, null, null, null, 1.0, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AssetMetadata(null, null, null, null, null, null, 9, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AssetMetadata(null, null, null, null, null, null, null, 0, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long insertAsset(JdbcClient jdbc, String hashDigit) {
    return jdbc.sql(
            "INSERT INTO asset (sha256, size_bytes, media_type) VALUES (?, 1234, 'image/jpeg')"
                + " RETURNING id")
        .param(hashDigit.repeat(64))
        .query(Long.class)
        .single();
  }
}
