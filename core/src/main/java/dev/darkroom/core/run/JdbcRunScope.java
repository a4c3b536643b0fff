package dev.darkroom.core.run;

import dev.darkroom.core.query.SqlFragment;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a run's scope touches before the run exists: the scope is evaluated exactly as {@link
 * JdbcRunPlanning} will snapshot it (before any sampling).
 */
public final class JdbcRunScope {

  private static final String ROOTS_IN_SCOPE =
      """
      SELECT r.name FROM archive_root r
      WHERE EXISTS (SELECT 1 FROM asset_location l
                    WHERE l.root_id = r.id AND l.gone_at IS NULL AND l.asset_id IN (%s))
      ORDER BY r.name
      """;

  private final JdbcClient jdbc;

  public JdbcRunScope(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The archive roots holding a live location of an asset in the request's scope: what the run's
   * workers will have to open.
   *
   * @throws InvalidRunRequestException when the scope's collection or query is not valid
   */
  public List<String> roots(RunRequest request) {
    SqlFragment scope =
        JdbcRunPlanning.scope(
            jdbc,
            request.rerunOf(),
            request.collectionId(),
            request.collectionQuery(),
            "the requested run");
    return jdbc.sql(ROOTS_IN_SCOPE.formatted(scope.sql()))
        .params(scope.params())
        .query(String.class)
        .list();
  }
}
