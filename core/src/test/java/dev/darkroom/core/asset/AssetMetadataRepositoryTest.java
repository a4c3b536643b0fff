package dev.darkroom.core.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.testsupport.PostgresExtension;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
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
  void updateAllWritesEveryAssetOfAChunkInOneStatement() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    long first = insertAsset(jdbc, "3");
    long second = insertAsset(jdbc, "4");
    jdbc.sql("UPDATE asset SET width = 640, height = 480 WHERE id = ?").param(second).update();
    Map<Long, AssetMetadata> chunk = new LinkedHashMap<>();
    chunk.put(
        first,
        new AssetMetadata(
            OffsetDateTime.of(2001, 2, 3, 4, 5, 6, 0, ZoneOffset.ofHours(-5)),
            "Nikon",
            "D70",
            null,
            -33.5,
            151.25,
            1,
            3008,
            2000));
    chunk.put(second, new AssetMetadata(null, "Canon", null, null, null, null, 8, null, null));
    chunk.put(
        Long.MAX_VALUE,
        new AssetMetadata(null, "Nobody", null, null, null, null, null, null, null));

    int updated = new AssetMetadataRepository(jdbc).updateAll(chunk);

    assertThat(updated).isEqualTo(2);
    List<Map<String, Object>> rows =
        jdbc.sql(
                """
                SELECT to_char(captured_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS captured,
                       camera_make, camera_model, lens, gps_latitude, gps_longitude, orientation,
                       width, height
                  FROM asset WHERE id IN (?, ?) ORDER BY id
                """)
            .params(first, second)
            .query()
            .listOfRows();
    assertThat(rows.get(0))
        .containsEntry("captured", "2001-02-03T09:05:06")
        .containsEntry("camera_make", "Nikon")
        .containsEntry("camera_model", "D70")
        .containsEntry("lens", null)
        .containsEntry("gps_latitude", -33.5)
        .containsEntry("gps_longitude", 151.25)
        .containsEntry("orientation", 1)
        .containsEntry("width", 3008)
        .containsEntry("height", 2000);
    assertThat(rows.get(1))
        .containsEntry("captured", null)
        .containsEntry("camera_make", "Canon")
        .containsEntry("orientation", 8)
        .containsEntry("width", 640)
        .containsEntry("height", 480);
    assertThat(new AssetMetadataRepository(jdbc).updateAll(Map.of())).isZero();
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
