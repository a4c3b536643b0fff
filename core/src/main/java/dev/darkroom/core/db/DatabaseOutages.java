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
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;

/**
 * Tells a failure caused by PostgreSQL being unreachable (stopped, restarting, failing over, the
 * network gone) from one a person must fix. The first kind is ridden out by retrying with backoff
 * until the database returns; nothing is wrong with the work itself.
 *
 * <p>Recognised: SQLState class 08 (connection exception), 57P01/57P02/57P03 (administrator or
 * crash shutdown, cannot connect now), 53300 (too many connections), JDBC's connection exception
 * types (a Hikari pool timeout is an {@link SQLTransientConnectionException}), Spring's "cannot get
 * a connection / create a transaction / resource failure" exceptions, anywhere in the cause chain.
 * Spring Batch's "JDBC rollback failed" (an UNKNOWN execution) is one of these too: its cause is
 * the lost connection. A refused or reset TCP connection counts only when it comes from the
 * datasource: something in the chain is a JDBC or Spring data-access exception, or was thrown by
 * the PostgreSQL driver, Hikari or Spring JDBC. A refused connection to Temporal, an object store
 * or NATS is not a database outage.
 */
public final class DatabaseOutages {

  /** Shutting down or starting up (57P01–57P03), or out of connection slots (53300). */
  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  /** Socket-level phrases any client may produce: an outage only when the datasource said them. */
  private static final Set<String> NETWORK_PHRASES =
      Set.of("connection refused", "connection reset", "broken pipe");

  /** Where the datasource's own exceptions are thrown from (a stack frame's class name). */
  private static final Set<String> DATASOURCE_PACKAGES =
      Set.of("org.postgresql.", "com.zaxxer.hikari.", "org.springframework.jdbc.", "java.sql.");

  /**
   * Phrases only the PostgreSQL driver, Hikari, Spring JDBC and Spring Batch produce, for failures
   * that reach us only as text (a partition's recorded last error).
   */
  private static final Set<String> PHRASES =
      Set.of(
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
    return isOutage(failure, fromDatasource(failure));
  }

  private static boolean isOutage(@Nullable Throwable failure, boolean fromDatasource) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof CannotCreateTransactionException
          || t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessResourceException
          || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException) {
        return true;
      }
      if (fromDatasource && t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed != t && isOutage(suppressed, fromDatasource || fromDatasource(suppressed))) {
          return true;
        }
      }
      if (namesDatabaseOutage(t.getMessage())
          || (fromDatasource && namesNetworkFailure(t.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a recorded error text names a database outage (see the class comment). Text has no
   * cause chain to tell where it came from, so a bare "Connection refused" counts here: use it only
   * for errors recorded by the database's own callers (a partition job's last error).
   */
  public static boolean looksLikeOutage(@Nullable String message) {
    return namesDatabaseOutage(message) || namesNetworkFailure(message);
  }

  private static boolean namesDatabaseOutage(@Nullable String message) {
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

  private static boolean namesNetworkFailure(@Nullable String message) {
    if (message == null) {
      return false;
    }
    String lower = message.toLowerCase(Locale.ROOT);
    return NETWORK_PHRASES.stream().anyMatch(lower::contains);
  }

  /**
   * Whether the chain comes from the datasource: a JDBC or Spring data-access or transaction
   * exception in it, or a frame of the PostgreSQL driver, Hikari or Spring JDBC in its stack.
   */
  static boolean fromDatasource(@Nullable Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      if (t instanceof SQLException
          || t instanceof DataAccessException
          || t instanceof TransactionException) {
        return true;
      }
      for (StackTraceElement frame : t.getStackTrace()) {
        String type = frame.getClassName();
        for (String prefix : DATASOURCE_PACKAGES) {
          if (type.startsWith(prefix)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  static boolean isOutageState(@Nullable String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || SHUTDOWN_STATES.contains(sqlState));
  }
}
