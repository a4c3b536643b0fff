package dev.darkroom.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

class DatabaseOutagesTest {

  @Test
  void connectionStatesShutdownAndFullConnectionSlotsAreOutagesAnywhereInTheCauseChain() {
    for (String state : new String[] {"08006", "08001", "57P01", "57P03", "53300"}) {
      assertThat(DatabaseOutages.isOutage(new RuntimeException(new SQLException("x", state))))
          .as(state)
          .isTrue();
    }
    assertThat(DatabaseOutages.isOutage(new CannotGetJdbcConnectionException("no connection")))
        .isTrue();
  }

  @Test
  void constraintViolationsAndOtherStatesAreNotOutages() {
    assertThat(DatabaseOutages.isOutage(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(DatabaseOutages.isOutage(new DataIntegrityViolationException("duplicate key")))
        .isFalse();
    assertThat(DatabaseOutages.isOutage(null)).isFalse();
  }
}
