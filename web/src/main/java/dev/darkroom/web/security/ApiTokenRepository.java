package dev.darkroom.web.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_token} table. Tokens are found by the SHA-256 of the secret, never by it. */
@Repository
public class ApiTokenRepository {

  private static final String SELECT =
      """
      SELECT t.id, t.name, t.token_prefix, t.role, u.username AS created_by, t.created_at,
             t.last_used_at, t.expires_at, t.revoked_at
        FROM api_token t LEFT JOIN app_user u ON u.id = t.created_by
      """;
  private static final String INSERT =
      """
      INSERT INTO api_token (name, token_sha256, token_prefix, role, created_by, expires_at)
      VALUES (:name, :sha256, :prefix, :role,
              (SELECT id FROM app_user WHERE username = :createdBy), :expiresAt)
      RETURNING id
      """;
  private static final String FIND = SELECT + " WHERE t.id = :id";
  private static final String FIND_BY_HASH = SELECT + " WHERE t.token_sha256 = :sha256";
  private static final String LIST = SELECT + " ORDER BY t.id DESC";
  private static final String REVOKE =
      "UPDATE api_token SET revoked_at = coalesce(revoked_at, :now) WHERE id = :id";
  private static final String TOUCH =
      """
      UPDATE api_token SET last_used_at = :now
       WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :staleBefore)
      """;

  private static final RowMapper<ApiToken> ROW = ApiTokenRepository::map;

  private final JdbcClient jdbc;

  public ApiTokenRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts a token and returns its id. */
  public long insert(
      String name,
      String sha256,
      String prefix,
      ApiTokenRole role,
      @Nullable String createdBy,
      @Nullable Instant expiresAt) {
    return jdbc.sql(INSERT)
        .param("name", name)
        .param("sha256", sha256)
        .param("prefix", prefix)
        .param("role", role.name())
        .param("createdBy", createdBy)
        .param("expiresAt", expiresAt == null ? null : Timestamp.from(expiresAt))
        .query(Long.class)
        .single();
  }

  public Optional<ApiToken> find(long id) {
    return jdbc.sql(FIND).param("id", id).query(ROW).optional();
  }

  public Optional<ApiToken> findBySha256(String sha256) {
    return jdbc.sql(FIND_BY_HASH).param("sha256", sha256).query(ROW).optional();
  }

  /** Every token, revoked and expired ones included, newest first. */
  public List<ApiToken> list() {
    return jdbc.sql(LIST).query(ROW).list();
  }

  /** Revokes a token; revoking it again keeps the first time. False when there is no such id. */
  public boolean revoke(long id, Instant now) {
    return jdbc.sql(REVOKE).param("id", id).param("now", Timestamp.from(now)).update() == 1;
  }

  /** Records a use, unless one was recorded less than {@code interval} ago. */
  public void touch(long id, Instant now, Duration interval) {
    jdbc.sql(TOUCH)
        .param("id", id)
        .param("now", Timestamp.from(now))
        .param("staleBefore", Timestamp.from(now.minus(interval)))
        .update();
  }

  private static ApiToken map(ResultSet rs, int row) throws SQLException {
    return new ApiToken(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("token_prefix"),
        ApiTokenRole.valueOf(rs.getString("role")),
        rs.getString("created_by"),
        rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("last_used_at")),
        instant(rs.getTimestamp("expires_at")),
        instant(rs.getTimestamp("revoked_at")));
  }

  private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
