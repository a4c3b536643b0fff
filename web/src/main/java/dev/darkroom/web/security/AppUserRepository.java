package dev.darkroom.web.security;

import dev.darkroom.web.security.AppUser.PasswordSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code app_user} table. */
@Repository
public class AppUserRepository {

  private static final String COLUMNS =
      "id, username, password_hash, password_source, role, created_at, password_changed_at";
  private static final String FIND_BY_NAME =
      "SELECT " + COLUMNS + " FROM app_user WHERE username = :username";
  private static final String FIND_ADMIN =
      "SELECT " + COLUMNS + " FROM app_user WHERE role = 'ADMIN'";
  // ON CONFLICT without a target: the one-admin index and the user name both count.
  private static final String INSERT_ADMIN =
      """
      INSERT INTO app_user (username, password_hash, password_source, role)
      VALUES (:username, :hash, :source, 'ADMIN')
      ON CONFLICT DO NOTHING
      """;
  private static final String SET_PASSWORD =
      """
      UPDATE app_user SET password_hash = :hash, password_source = :source,
                          password_changed_at = now()
       WHERE id = :id
      """;
  private static final String UPGRADE_HASH =
      "UPDATE app_user SET password_hash = :hash WHERE username = :username";
  private static final String RENAME = "UPDATE app_user SET username = :username WHERE id = :id";

  private static final RowMapper<AppUser> ROW = AppUserRepository::map;

  private final JdbcClient jdbc;

  public AppUserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<AppUser> findByUsername(String username) {
    return jdbc.sql(FIND_BY_NAME).param("username", username).query(ROW).optional();
  }

  public Optional<AppUser> findAdmin() {
    return jdbc.sql(FIND_ADMIN).query(ROW).optional();
  }

  /** Inserts the admin unless one exists already; true when this call inserted it. */
  public boolean insertAdminIfAbsent(String username, String hash, PasswordSource source) {
    return jdbc.sql(INSERT_ADMIN)
            .param("username", username)
            .param("hash", hash)
            .param("source", source.name())
            .update()
        == 1;
  }

  /** Sets a new password; {@code password_changed_at} records when. */
  public void setPassword(long id, String hash, PasswordSource source) {
    jdbc.sql(SET_PASSWORD)
        .param("id", id)
        .param("hash", hash)
        .param("source", source.name())
        .update();
  }

  /** Replaces the hash of the same password by a stronger one (the password did not change). */
  public void upgradeHash(String username, String hash) {
    jdbc.sql(UPGRADE_HASH).param("username", username).param("hash", hash).update();
  }

  public void rename(long id, String username) {
    jdbc.sql(RENAME).param("id", id).param("username", username).update();
  }

  private static AppUser map(ResultSet rs, int row) throws SQLException {
    return new AppUser(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("password_hash"),
        PasswordSource.valueOf(rs.getString("password_source")),
        Role.valueOf(rs.getString("role")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("password_changed_at").toInstant());
  }
}
