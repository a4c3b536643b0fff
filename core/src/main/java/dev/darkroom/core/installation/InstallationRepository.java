package dev.darkroom.core.installation;

import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * This installation's identity: a random UUID created once, in the database's one {@code
 * installation} row (migration {@code V6}), on first use. Everything that names things outside the
 * database — Temporal workflow ids — includes it, because ids inside the database (run ids) are
 * unique only per database: reset the database while Temporal keeps its state, or share a Temporal
 * namespace between two installations, and {@code run 1} would meet the workflow of an earlier run
 * 1.
 *
 * <p>Created lazily rather than by the migration so that each database cloned from a migrated
 * template gets its own id. Concurrent first uses agree: the row's primary key admits one row, and
 * every caller reads the row that won. Thread-safe; the id is cached after the first read.
 */
@Repository
public class InstallationRepository {

  /** Hex digits of the UUID used in {@link #shortId()}: 48 random bits. */
  public static final int SHORT_ID_LENGTH = 12;

  private static final String CREATE_ONCE =
      "INSERT INTO installation (id) VALUES (gen_random_uuid()) ON CONFLICT DO NOTHING";
  private static final String READ = "SELECT id FROM installation";

  private final JdbcClient jdbc;
  private volatile @Nullable UUID id;

  public InstallationRepository(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** The installation's id, created on the first call in the database's lifetime. */
  public UUID id() {
    UUID known = id;
    if (known == null) {
      jdbc.sql(CREATE_ONCE).update();
      known = jdbc.sql(READ).query(UUID.class).single();
      id = known;
    }
    return known;
  }

  /**
   * The first {@value #SHORT_ID_LENGTH} hex digits of {@link #id()}, lower case, e.g. {@code
   * 3f2a9c1e7b4d}: short enough for workflow ids, random enough (48 bits) that two installations or
   * two resets of one database do not meet.
   */
  public String shortId() {
    return shortForm(id());
  }

  static String shortForm(UUID id) {
    return id.toString().replace("-", "").substring(0, SHORT_ID_LENGTH).toLowerCase(Locale.ROOT);
  }
}
