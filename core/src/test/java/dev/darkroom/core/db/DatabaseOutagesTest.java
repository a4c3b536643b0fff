package dev.darkroom.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
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

  @Test
  void aRefusedConnectionIsAnOutageWhenTheDatasourceReportsIt() {
    // given a refused TCP connection under the JDBC driver's exception
    ConnectException refused = new ConnectException("Connection refused");
    SQLException driver = new SQLException("The connection attempt failed.", "08001", refused);

    // then it is an outage, also when the driver's exception is only somewhere in the chain
    assertThat(DatabaseOutages.isOutage(new IllegalStateException("query failed", driver)))
        .isTrue();
  }

  @Test
  void aRefusedConnectionFromAnotherClientIsNotADatabaseOutage() {
    // given refused connections that did not come through the datasource (Temporal, a store)
    ConnectException refused = new ConnectException("Connection refused");
    refused.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("io.grpc.netty.NettyClientHandler", "connect", null, 1)
        });
    IOException store = new IOException("upload failed: Connection reset by peer");
    store.setStackTrace(
        new StackTraceElement[] {new StackTraceElement("okhttp3.RealCall", "execute", null, 1)});

    // then neither is reported as the database being unavailable
    assertThat(DatabaseOutages.isOutage(new RuntimeException("UNAVAILABLE", refused))).isFalse();
    assertThat(DatabaseOutages.isOutage(new RuntimeException("put failed", store))).isFalse();
  }

  @Test
  void aRefusedConnectionThrownByThePostgresDriverIsAnOutage() {
    // given a bare ConnectException whose stack says the PostgreSQL driver opened the socket
    ConnectException refused = new ConnectException("Connection refused");
    refused.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("org.postgresql.core.PGStream", "createSocket", null, 1)
        });

    // then it is an outage
    assertThat(DatabaseOutages.isOutage(new RuntimeException(refused))).isTrue();
  }
}
