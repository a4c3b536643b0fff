package dev.darkroom.core.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * One catalog scan at a time across every process sharing the database, by a PostgreSQL session
 * advisory lock held on a dedicated connection for the whole scan.
 *
 * <p>The lock dies with its connection, so a process that was killed releases it at once: whoever
 * acquires the lock knows that a scan still marked RUNNING is abandoned and may resume it.
 */
@Component
public class ScanLock {

  /** Arbitrary, fixed: "darkroom-scan". */
  static final long KEY = 0x6461726b73636e4cL;

  private final DataSource dataSource;

  public ScanLock(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Takes the lock without waiting.
   *
   * @throws ScanAlreadyRunningException when another process or thread holds it
   */
  public Held acquire() {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        lock.setLong(1, KEY);
        try (ResultSet rs = lock.executeQuery()) {
          rs.next();
          if (!rs.getBoolean(1)) {
            throw new ScanAlreadyRunningException();
          }
        }
      }
      return new Held(connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new DataAccessResourceFailureException("could not take the scan lock", e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the lock is released with the session anyway
      }
    }
  }

  /** The held lock; closing it releases the lock and the connection. */
  public static final class Held implements AutoCloseable {
    private final Connection connection;

    private Held(Connection connection) {
      this.connection = connection;
    }

    @Override
    public void close() {
      try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
        unlock.setLong(1, KEY);
        unlock.execute();
      } catch (SQLException ignored) {
        // closing the connection below ends the session, which releases the lock
      } finally {
        closeQuietly(connection);
      }
    }
  }
}
