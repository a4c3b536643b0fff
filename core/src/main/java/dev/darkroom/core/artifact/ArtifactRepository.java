package dev.darkroom.core.artifact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code artifact} and {@code lineage} tables: idempotent inserts by the pipeline's chunk
 * writer, reads of a run's results, and what storage maintenance needs (which blobs are referenced,
 * removal of expired rows with their lineage).
 */
public class ArtifactRepository {

  private static final String REFERENCED_BLOBS_AFTER =
      """
      SELECT storage_key,
             coalesce(min(sha256), substr(storage_key, 7))          AS sha256,
             coalesce(max(size_bytes), -1)                          AS size_bytes,
             coalesce(min(media_type), 'application/octet-stream')  AS media_type
        FROM artifact
       WHERE storage_key IS NOT NULL AND storage_key > :after
       GROUP BY storage_key
       ORDER BY storage_key
       LIMIT :limit
      """;

  private static final String REFERENCED_AMONG =
      """
      SELECT DISTINCT storage_key FROM artifact WHERE storage_key = ANY(:keys)
      """;

  // Leaves first: an expired artifact that is still the input of another artifact's lineage stays
  // until that artifact is gone (lineage_input's foreign key would refuse it anyway). Rows locked
  // by a concurrent sweep are skipped rather than waited for.
  private static final String LOCK_EXPIRED =
      """
      SELECT a.id
        FROM artifact a
       WHERE a.expires_at <= :now
         AND NOT EXISTS (SELECT 1 FROM lineage_input li WHERE li.input_artifact_id = a.id)
       ORDER BY a.expires_at, a.id
       LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """;

  private static final String DELETE_LINEAGE_INPUTS =
      "DELETE FROM lineage_input WHERE artifact_id = ANY(:ids)";
  private static final String DELETE_LINEAGE = "DELETE FROM lineage WHERE artifact_id = ANY(:ids)";
  private static final String DELETE_ARTIFACTS =
      "DELETE FROM artifact WHERE id = ANY(:ids) RETURNING storage_key";

  // One statement per chunk. A redone chunk inserts nothing: UNIQUE (run_id, unit_key, kind) keeps
  // the first commit's rows, and lineage is written only for rows this statement inserted.
  private static final String INSERT_WITH_LINEAGE =
      """
      WITH input AS (
        SELECT * FROM unnest(:kinds::text[], :assetIds::bigint[], :unitKeys::text[],
                             :storageKeys::text[], :sha256s::text[], :sizes::bigint[],
                             :mediaTypes::text[], :inlineValues::text[], :toolIds::text[],
                             :toolVersions::text[], :parameters::text[], :paramsHashes::text[])
          AS t(kind, asset_id, unit_key, storage_key, sha256, size_bytes, media_type,
               inline_value, tool_id, tool_version, parameters, params_hash)
      ), inserted AS (
        INSERT INTO artifact (kind, asset_id, run_id, unit_key, storage_key, sha256, size_bytes,
                              media_type, inline_value, expires_at)
        SELECT kind, asset_id, :runId, unit_key, storage_key, sha256, size_bytes, media_type,
               inline_value::jsonb, :expiresAt
          FROM input
        ON CONFLICT (run_id, unit_key, kind) DO NOTHING
        RETURNING id, unit_key, kind
      )
      INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, parameters, params_hash)
      SELECT i.id, :runId, t.tool_id, t.tool_version, t.parameters::jsonb, t.params_hash
        FROM inserted i JOIN input t ON t.unit_key = i.unit_key AND t.kind = i.kind
      ON CONFLICT (artifact_id) DO NOTHING
      """;

  // After the chunk's artifacts exist: each derived artifact to the same unit's artifacts of its
  // input kinds in this run. Idempotent, so a redone chunk adds nothing.
  private static final String LINK_INPUTS =
      """
      INSERT INTO lineage_input (artifact_id, input_artifact_id)
      SELECT a.id, up.id
        FROM unnest(:unitKeys::text[], :kinds::text[], :inputKinds::text[])
               AS t(unit_key, kind, input_kind)
        JOIN artifact a ON a.run_id = :runId AND a.unit_key = t.unit_key AND a.kind = t.kind
        JOIN lineage l ON l.artifact_id = a.id
        JOIN artifact up ON up.run_id = :runId AND up.unit_key = t.unit_key
                        AND up.kind = t.input_kind
      ON CONFLICT DO NOTHING
      """;

  // The same, to artifacts named by id: inputs made by earlier runs (reused across runs, ADR 0036).
  // Joined rather than inserted blind, so an input that is gone links nothing instead of failing
  // the chunk on the foreign key.
  private static final String LINK_INPUT_IDS =
      """
      INSERT INTO lineage_input (artifact_id, input_artifact_id)
      SELECT a.id, up.id
        FROM unnest(:unitKeys::text[], :kinds::text[], :inputIds::bigint[])
               AS t(unit_key, kind, input_id)
        JOIN artifact a ON a.run_id = :runId AND a.unit_key = t.unit_key AND a.kind = t.kind
        JOIN lineage l ON l.artifact_id = a.id
        JOIN artifact up ON up.id = t.input_id
      ON CONFLICT DO NOTHING
      """;

  // ADR 0036. Newest first through artifact_asset_kind_idx (asset_id, kind, id): the scan walks the
  // asset's artifacts of the kind backwards and stops at the first rows whose lineage matches.
  // Visible: production artifacts (never expire, never swept) and the asking run's own, while they
  // have an hour left; never another sandbox run's, which expire.
  static final String PRIOR =
      """
      SELECT a.id, a.run_id, a.storage_key, a.sha256, a.media_type
        FROM artifact a JOIN lineage l ON l.artifact_id = a.id
       WHERE a.asset_id = :assetId AND a.kind = :kind
         AND a.storage_key IS NOT NULL AND a.sha256 IS NOT NULL
         AND (a.expires_at IS NULL
              OR (a.run_id = :runId AND a.expires_at > now() + interval '1 hour'))
         AND l.tool_id = :toolId AND l.tool_version = :toolVersion
         AND l.params_hash = :paramsHash
       ORDER BY a.id DESC
       LIMIT :limit
      """;

  private static final String BY_RUN =
      """
      SELECT a.id, a.run_id, a.kind, a.asset_id, a.unit_key, a.storage_key, a.sha256,
             a.size_bytes, a.media_type, a.inline_value::text AS inline_value, a.created_at,
             a.expires_at, l.tool_id, l.tool_version, l.parameters::text AS parameters,
             l.params_hash
        FROM artifact a JOIN lineage l ON l.artifact_id = a.id
       WHERE a.run_id = :runId AND a.id > :afterId
       ORDER BY a.id
       LIMIT :limit
      """;

  private static final String COUNT_BY_RUN = "SELECT count(*) FROM artifact WHERE run_id = :runId";

  private static final RowMapper<RunArtifact> RUN_ARTIFACT = ArtifactRepository::mapRunArtifact;

  private static final RowMapper<ReferencedBlob> REFERENCED_BLOB =
      (ResultSet rs, int row) ->
          new ReferencedBlob(
              rs.getString("storage_key"),
              rs.getString("sha256"),
              rs.getLong("size_bytes"),
              rs.getString("media_type"));

  private final JdbcClient jdbc;

  public ArtifactRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public ArtifactRepository(DataSource dataSource) {
    this(JdbcClient.create(dataSource));
  }

  /**
   * Inserts a chunk's artifacts of one run with their lineage and, for artifacts made from others
   * of the same unit ({@link NewArtifact#inputKinds()}), their {@code lineage_input} rows, joining
   * the caller's transaction. Artifacts that already exist for (run, unit, kind) are left as they
   * are. Blobs must already be in the artifact store: a row never points at a missing blob.
   *
   * @param expiresAt when the rows expire (sandbox TTL), or null to keep them
   * @return how many artifacts were inserted
   */
  public int insertWithLineage(
      long runId, @Nullable Instant expiresAt, List<NewArtifact> artifacts) {
    if (artifacts.isEmpty()) {
      return 0;
    }
    int inserted = insertRows(runId, expiresAt, artifacts);
    linkInputs(runId, artifacts);
    return inserted;
  }

  private void linkInputs(long runId, List<NewArtifact> artifacts) {
    List<String> unitKeys = new java.util.ArrayList<>();
    List<String> kinds = new java.util.ArrayList<>();
    List<String> inputKinds = new java.util.ArrayList<>();
    List<String> idUnitKeys = new java.util.ArrayList<>();
    List<String> idKinds = new java.util.ArrayList<>();
    List<Long> inputIds = new java.util.ArrayList<>();
    for (NewArtifact artifact : artifacts) {
      for (String input : artifact.inputKinds()) {
        unitKeys.add(artifact.unitKey());
        kinds.add(artifact.kind());
        inputKinds.add(input);
      }
      for (Long input : artifact.inputArtifactIds()) {
        idUnitKeys.add(artifact.unitKey());
        idKinds.add(artifact.kind());
        inputIds.add(input);
      }
    }
    if (!unitKeys.isEmpty()) {
      jdbc.sql(LINK_INPUTS)
          .param("runId", runId)
          .param("unitKeys", unitKeys.toArray(String[]::new))
          .param("kinds", kinds.toArray(String[]::new))
          .param("inputKinds", inputKinds.toArray(String[]::new))
          .update();
    }
    if (!inputIds.isEmpty()) {
      jdbc.sql(LINK_INPUT_IDS)
          .param("runId", runId)
          .param("unitKeys", idUnitKeys.toArray(String[]::new))
          .param("kinds", idKinds.toArray(String[]::new))
          .param("inputIds", inputIds.toArray(Long[]::new))
          .update();
    }
  }

  /**
   * Stored artifacts of one asset that a step of run {@code runId} may reuse instead of making them
   * again, newest first: of {@code kind}, made by {@code toolId} at {@code toolVersion} with the
   * parameters hashed to {@code paramsHash}, and either production artifacts (which never expire)
   * or the run's own. Another sandbox run's artifacts are never offered: they expire. One indexed
   * query; whether each blob is still readable is the caller's to find out.
   */
  public List<PriorArtifact> reusable(
      long assetId,
      String kind,
      String toolId,
      String toolVersion,
      String paramsHash,
      long runId,
      int limit) {
    return jdbc.sql(PRIOR)
        .param("assetId", assetId)
        .param("kind", kind)
        .param("toolId", toolId)
        .param("toolVersion", toolVersion)
        .param("paramsHash", paramsHash)
        .param("runId", runId)
        .param("limit", limit)
        .query(
            (ResultSet rs, int row) ->
                new PriorArtifact(
                    rs.getLong("id"),
                    rs.getLong("run_id"),
                    rs.getString("storage_key"),
                    rs.getString("sha256"),
                    rs.getString("media_type") == null
                        ? "application/octet-stream"
                        : rs.getString("media_type")))
        .list();
  }

  private int insertRows(long runId, @Nullable Instant expiresAt, List<NewArtifact> artifacts) {
    return jdbc.sql(INSERT_WITH_LINEAGE)
        .param("runId", runId)
        .param(
            "expiresAt",
            expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC),
            Types.TIMESTAMP_WITH_TIMEZONE)
        .param("kinds", column(artifacts, NewArtifact::kind))
        .param("assetIds", artifacts.stream().map(NewArtifact::assetId).toArray(Long[]::new))
        .param("unitKeys", column(artifacts, NewArtifact::unitKey))
        .param("storageKeys", column(artifacts, NewArtifact::storageKey))
        .param("sha256s", column(artifacts, NewArtifact::sha256))
        .param("sizes", artifacts.stream().map(NewArtifact::sizeBytes).toArray(Long[]::new))
        .param("mediaTypes", column(artifacts, NewArtifact::mediaType))
        .param("inlineValues", column(artifacts, NewArtifact::inlineJson))
        .param("toolIds", column(artifacts, NewArtifact::toolId))
        .param("toolVersions", column(artifacts, NewArtifact::toolVersion))
        .param("parameters", column(artifacts, NewArtifact::parametersJson))
        .param("paramsHashes", column(artifacts, NewArtifact::paramsHash))
        .update();
  }

  /** A run's artifacts with their lineage in id order after {@code afterId} (keyset paging). */
  public List<RunArtifact> byRun(long runId, long afterId, int limit) {
    return jdbc.sql(BY_RUN)
        .param("runId", runId)
        .param("afterId", afterId)
        .param("limit", limit)
        .query(RUN_ARTIFACT)
        .list();
  }

  public long countByRun(long runId) {
    return jdbc.sql(COUNT_BY_RUN).param("runId", runId).query(Long.class).single();
  }

  /**
   * Distinct referenced storage keys greater than {@code afterKey}, in key order (keyset paging).
   */
  public List<ReferencedBlob> referencedBlobsAfter(String afterKey, int limit) {
    return jdbc.sql(REFERENCED_BLOBS_AFTER)
        .param("after", afterKey)
        .param("limit", limit)
        .query(REFERENCED_BLOB)
        .list();
  }

  /** Those of {@code keys} that at least one row references. */
  public Set<String> referencedAmong(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.sql(REFERENCED_AMONG)
            .param("keys", keys.toArray(String[]::new))
            .query(String.class)
            .list());
  }

  /**
   * Locks up to {@code limit} expired artifacts that no lineage uses as input. Must run inside the
   * transaction that deletes them.
   */
  public List<Long> lockExpired(Instant now, int limit) {
    return jdbc.sql(LOCK_EXPIRED)
        .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /**
   * Deletes artifacts with their lineage and returns the storage keys they referenced (inline-only
   * artifacts contribute none). Call inside one transaction with {@link #lockExpired}.
   */
  public List<String> deleteWithLineage(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Long[] array = ids.toArray(Long[]::new);
    jdbc.sql(DELETE_LINEAGE_INPUTS).param("ids", array).update();
    jdbc.sql(DELETE_LINEAGE).param("ids", array).update();
    return jdbc
        .sql(DELETE_ARTIFACTS)
        .param("ids", array)
        .query((ResultSet rs, int row) -> rs.getString(1))
        .list()
        .stream()
        .filter(key -> key != null)
        .distinct()
        .toList();
  }

  private static String[] column(
      List<NewArtifact> artifacts, Function<NewArtifact, @Nullable String> field) {
    return artifacts.stream().map(field).toArray(String[]::new);
  }

  private static RunArtifact mapRunArtifact(ResultSet rs, int row) throws SQLException {
    Timestamp expires = rs.getTimestamp("expires_at");
    return new RunArtifact(
        rs.getLong("id"),
        rs.getLong("run_id"),
        rs.getString("kind"),
        rs.getObject("asset_id", Long.class),
        rs.getString("unit_key"),
        rs.getString("storage_key"),
        rs.getString("sha256"),
        rs.getObject("size_bytes", Long.class),
        rs.getString("media_type"),
        rs.getString("inline_value"),
        rs.getTimestamp("created_at").toInstant(),
        expires == null ? null : expires.toInstant(),
        rs.getString("tool_id"),
        rs.getString("tool_version"),
        rs.getString("parameters"),
        rs.getString("params_hash"));
  }
}
