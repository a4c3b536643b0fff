package dev.darkroom.core.lineage;

import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads {@code artifact}, {@code lineage} and {@code lineage_input} (with the producing {@code
 * run}) to answer "what was made from this asset" and "why is this artifact like that". Only
 * committed rows are visible, so a running run's artifacts appear chunk by chunk.
 */
@Repository
public class LineageRepository {

  private static final String COLUMNS =
      """
      a.id, a.kind, a.asset_id, a.run_id, a.storage_key, a.sha256, a.size_bytes, a.media_type,
      a.inline_value::text AS inline_value, a.created_at, a.expires_at
      """;
  private static final String FIND = "SELECT " + COLUMNS + " FROM artifact a WHERE a.id = :id";
  private static final String BY_ASSET =
      "SELECT "
          + COLUMNS
          + """
           FROM artifact a WHERE a.asset_id = :assetId
           ORDER BY a.created_at DESC, a.id DESC
           LIMIT :limit
          """;
  private static final String NEWEST_OF_KIND =
      "SELECT "
          + COLUMNS
          + """
           FROM artifact a
           WHERE a.asset_id = :assetId AND a.kind = :kind
             AND (a.expires_at IS NULL OR a.expires_at > now())
           ORDER BY a.created_at DESC, a.id DESC
           LIMIT 1
          """;
  private static final String LINEAGE =
      """
      SELECT l.run_id, l.tool_id, l.tool_version, l.parameters::text AS parameters, l.params_hash,
             l.created_at, r.status, r.policy, r.pipeline_id, r.pipeline_version
        FROM lineage l JOIN run r ON r.id = l.run_id
       WHERE l.artifact_id = :id
      """;
  private static final String INPUTS =
      "SELECT "
          + COLUMNS
          + """
           FROM lineage_input li JOIN artifact a ON a.id = li.input_artifact_id
           WHERE li.artifact_id = :id
           ORDER BY a.id
          """;

  // The newest artifact per (kind, tool, version, parameters); unexpired ones only, since an
  // expired sandbox artifact is about to be swept and cannot be shown.
  private static final String VARIANTS =
      "SELECT DISTINCT ON (a.kind, l.tool_id, l.tool_version, l.params_hash) "
          + COLUMNS
          + """
           , l.tool_id, l.tool_version, l.parameters::text AS parameters, l.params_hash, r.policy
           FROM artifact a
           JOIN lineage l ON l.artifact_id = a.id
           JOIN run r ON r.id = l.run_id
           WHERE a.asset_id = :assetId
             AND (a.expires_at IS NULL OR a.expires_at > now())
           ORDER BY a.kind, l.tool_id, l.tool_version, l.params_hash, a.created_at DESC, a.id DESC
          """;

  private static final RowMapper<ArtifactInfo> ARTIFACT = LineageRepository::mapArtifact;

  private final JdbcClient jdbc;

  public LineageRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<ArtifactInfo> find(long artifactId) {
    return jdbc.sql(FIND).param("id", artifactId).query(ARTIFACT).optional();
  }

  /**
   * @throws UnknownArtifactException if there is no such artifact
   */
  public ArtifactInfo get(long artifactId) {
    return find(artifactId).orElseThrow(() -> new UnknownArtifactException(artifactId));
  }

  /** An asset's artifacts, newest first, expired ones included until they are swept. */
  public List<ArtifactInfo> byAsset(long assetId, int limit) {
    return jdbc.sql(BY_ASSET)
        .param("assetId", assetId)
        .param("limit", limit)
        .query(ARTIFACT)
        .list();
  }

  /** The newest unexpired artifact of a kind for an asset, e.g. its current thumbnail. */
  public Optional<ArtifactInfo> newestOfKind(long assetId, String kind) {
    return jdbc.sql(NEWEST_OF_KIND)
        .param("assetId", assetId)
        .param("kind", kind)
        .query(ARTIFACT)
        .optional();
  }

  /**
   * Every kind of which the asset has artifacts from more than one tool version or parameter set,
   * with the newest artifact of each such variant; kinds in name order, variants newest first.
   * Empty when every kind has one variant (the usual case).
   */
  public List<List<ArtifactVariant>> variants(long assetId) {
    List<ArtifactVariant> all =
        jdbc.sql(VARIANTS)
            .param("assetId", assetId)
            .query(
                (rs, row) ->
                    new ArtifactVariant(
                        mapArtifact(rs, row),
                        rs.getString("tool_id"),
                        rs.getString("tool_version"),
                        rs.getString("parameters"),
                        rs.getString("params_hash"),
                        rs.getLong("run_id"),
                        RunPolicy.Kind.valueOf(rs.getString("policy"))))
            .list();
    Map<String, List<ArtifactVariant>> byKind = new TreeMap<>();
    for (ArtifactVariant variant : all) {
      byKind.computeIfAbsent(variant.artifact().kind(), k -> new ArrayList<>()).add(variant);
    }
    Comparator<ArtifactVariant> newestFirst =
        Comparator.comparing((ArtifactVariant v) -> v.artifact().createdAt())
            .thenComparing(v -> v.artifact().id())
            .reversed();
    return byKind.values().stream()
        .filter(variants -> variants.size() > 1)
        .map(variants -> variants.stream().sorted(newestFirst).toList())
        .toList();
  }

  /**
   * The lineage of an artifact.
   *
   * @throws UnknownArtifactException if there is no such artifact
   */
  public Lineage lineage(long artifactId) {
    ArtifactInfo artifact = get(artifactId);
    List<ArtifactInfo> inputs = jdbc.sql(INPUTS).param("id", artifactId).query(ARTIFACT).list();
    return jdbc.sql(LINEAGE)
        .param("id", artifactId)
        .query(
            (rs, row) ->
                new Lineage(
                    artifact,
                    rs.getLong("run_id"),
                    RunStatus.valueOf(rs.getString("status")),
                    RunPolicy.Kind.valueOf(rs.getString("policy")),
                    rs.getString("pipeline_id"),
                    rs.getString("pipeline_version"),
                    rs.getString("tool_id"),
                    rs.getString("tool_version"),
                    rs.getString("parameters"),
                    rs.getString("params_hash"),
                    rs.getTimestamp("created_at").toInstant(),
                    inputs))
        .optional()
        // Every artifact row is inserted with its lineage in one statement; a row without one is
        // a bug in whatever wrote it, worth its own message.
        .orElseThrow(
            () -> new IllegalStateException("artifact " + artifactId + " has no lineage row"));
  }

  private static ArtifactInfo mapArtifact(ResultSet rs, int row) throws SQLException {
    Timestamp expires = rs.getTimestamp("expires_at");
    return new ArtifactInfo(
        rs.getLong("id"),
        rs.getString("kind"),
        rs.getObject("asset_id", Long.class),
        rs.getLong("run_id"),
        rs.getString("storage_key"),
        rs.getString("sha256"),
        rs.getObject("size_bytes", Long.class),
        rs.getString("media_type"),
        rs.getString("inline_value"),
        rs.getTimestamp("created_at").toInstant(),
        expires == null ? null : expires.toInstant());
  }
}
