package dev.darkroom.core.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by PostgreSQL being unreachable (stopped, restarting, failing over, the
 * network gone) from one a person must fix. The first kind is ridden out by retrying with backoff
 * until the database returns; nothing is wrong with the work itself.
 *
 * <p>Recognised: SQLState class 08 (connection exception), 57P01/57P02/57P03 (administrator or
 * crash shutdown, cannot connect now), 53300 (too many connections), JDBC's connection exception
 * types (a Hikari pool timeout is an {@link SQLTransientConnectionException}), Spring's "cannot get
 * a connection / create a transaction / resource failure" exceptions, and a refused TCP connection,
 * anywhere in the cause chain. Spring Batch's "JDBC rollback failed" (an UNKNOWN execution) is one
 * of these too: its cause is the lost connection.
 */
public final class DatabaseOutages {

  /** Shutting down or starting up (57P01–57P03), or out of connection slots (53300). */
  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  /**
   * Phrases of the messages the classes above produce, for failures that reach us only as text (a
   * partition's recorded last error).
   */
  private static final Set<String> PHRASES =
      Set.of(
          "connection refused",
          "connection reset",
          "broken pipe",
          "the connection attempt failed",
          "an i/o error occurred while sending to the backend",
          "this connection has been closed",
          "terminating connection due to administrator command",
          "the database system is shutting down",
          "the database system is starting up",
          "the database system is in recovery mode",
          "connection is not available, request timed out",
          "could not open jdbc connection",
          "failed to obtain jdbc connection",
          "jdbc rollback failed",
          "cannotgetjdbcconnectionexception",
          "cannotcreatetransactionexception",
          "sqltransientconnectionexception",
          "psqlexception: connection");

  /** PgJDBC's "Connection to host:port refused." */
  private static final Pattern REFUSED = Pattern.compile("connection to \\S+ refused");

  private DatabaseOutages() {}

  /** Whether {@code failure}, or anything in its cause chain, says the database is unreachable. */
  public static boolean isOutage(@Nullable Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof CannotCreateTransactionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessResourceException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed != t && isOutage(suppressed)) {
          return true;
        }
      }
      if (looksLikeOutage(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /** Whether a recorded error text names a database outage (see the class comment). */
  public static boolean looksLikeOutage(@Nullable String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    if (REFUSED.matcher(lower).find()) {
      return true;
    }
    for (String phrase : PHRASES) {
      if (lower.contains(phrase)) {
        return true;
      }
    }
    return false;
  }

  static boolean isOutageState(@Nullable String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || SHUTDOWN_STATES.contains(sqlState));
  }
}
