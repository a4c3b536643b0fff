package dev.darkroom.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.testsupport.PostgresExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

class SchemaTest {

  @RegisterExtension static PostgresExtension db = new PostgresExtension();

  @Test
  void contentHashIsUniqueAndWellFormed() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    String hash = "a".repeat(64);
    jdbc.sql("INSERT INTO asset (sha256, size_bytes, media_type) VALUES (?, 1, 'image/jpeg')")
        .param(hash)
        .update();
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "INSERT INTO asset (sha256, size_bytes, media_type) VALUES (?, 1, 'image/jpeg')")
                    .param(hash)
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThatThrownBy(
            () ->
                jdbc.sql(
                        "INSERT INTO asset (sha256, size_bytes, media_type) VALUES ('nothex', 1, 'x')")
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class);
    assertThat(jdbc.sql("SELECT count(*) FROM asset").query(Long.class).single()).isEqualTo(1L);
  }
}
