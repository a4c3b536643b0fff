package dev.darkroom.core.catalog;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code archive_root} table. */
@Repository
public class ArchiveRootRepository {

  private static final String UPSERT =
      """
      INSERT INTO archive_root (name, path) VALUES (:name, :path)
      ON CONFLICT (name) DO UPDATE SET path = EXCLUDED.path
      RETURNING id, name, path
      """;
  private static final String FIND_ALL = "SELECT id, name, path FROM archive_root ORDER BY name";
  private static final String FIND_BY_NAME =
      "SELECT id, name, path FROM archive_root WHERE name = :name";

  private static final RowMapper<ArchiveRoot> MAPPER = ArchiveRootRepository::map;

  private final JdbcClient jdbc;

  public ArchiveRootRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Registers a root, or moves a known root's name to a new mount path. */
  public ArchiveRoot upsert(String name, Path path) {
    return jdbc.sql(UPSERT)
        .param("name", name)
        .param("path", path.toString())
        .query(MAPPER)
        .single();
  }

  public List<ArchiveRoot> findAll() {
    return jdbc.sql(FIND_ALL).query(MAPPER).list();
  }

  public Optional<ArchiveRoot> findByName(String name) {
    return jdbc.sql(FIND_BY_NAME).param("name", name).query(MAPPER).optional();
  }

  private static ArchiveRoot map(ResultSet rs, int row) throws SQLException {
    return new ArchiveRoot(rs.getLong("id"), rs.getString("name"), Path.of(rs.getString("path")));
  }
}
