package dev.darkroom.core.duplicates;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The near-duplicate tables: {@code duplicate_index}, {@code duplicate_member}, {@code
 * duplicate_cluster} and {@code aggregate_step}. Writes are idempotent (a redone bucket or cluster
 * changes nothing), so the aggregate step can be killed anywhere and started again; the caller
 * holds the transaction that makes a bucket's labels, its members' merged mark and the step's
 * counters one commit.
 */
public class DuplicateRepository {

  /** Production runs share one index per threshold and hash version; see {@link #sandboxScope}. */
  public static final String CATALOG_SCOPE = "catalog";

  public static final String CLUSTER_KIND = "duplicate-cluster";

  private static final String UPSERT_INDEX =
      """
      INSERT INTO duplicate_index (scope, threshold, phash_version)
      VALUES (:scope, :threshold, :version)
      ON CONFLICT (scope, threshold, phash_version) DO UPDATE SET scope = EXCLUDED.scope
      RETURNING id
      """;

  private static final String START_STEP =
      """
      INSERT INTO aggregate_step (run_id, step, index_id, status, launches)
      VALUES (:runId, :step, :indexId, 'RUNNING', 1)
      ON CONFLICT (run_id, step) DO UPDATE
         SET status = 'RUNNING', launches = aggregate_step.launches + 1, error = NULL,
             index_id = EXCLUDED.index_id, finished_at = NULL
      """;

  // The newest phash artifact of each asset not in the index yet. A production index takes the
  // catalog's lasting hashes (a sandbox's expire); a sandbox index only its own run's.
  private static final String INGEST =
      """
      INSERT INTO duplicate_member (index_id, asset_id, phash_artifact_id, hash, bucket, cluster_id,
                                    added_by_run)
      SELECT :indexId, p.asset_id, p.id, p.hash, ((p.hash >> 56) & 255)::int, p.asset_id, :runId
        FROM (SELECT DISTINCT ON (a.asset_id) a.asset_id, a.id,
                     ('x' || (a.inline_value ->> 'phash'))::bit(64)::bigint AS hash
                FROM artifact a JOIN lineage l ON l.artifact_id = a.id
               WHERE a.kind = :kind AND l.tool_version = :version AND a.asset_id IS NOT NULL
                 AND a.inline_value ->> 'phash' ~ '^[0-9a-f]{16}$'
                 AND CASE WHEN :sandbox THEN a.run_id = :runId ELSE a.expires_at IS NULL END
                 AND NOT EXISTS (SELECT 1 FROM duplicate_member m
                                  WHERE m.index_id = :indexId AND m.asset_id = a.asset_id)
               ORDER BY a.asset_id, a.id DESC) p
      ON CONFLICT (index_id, asset_id) DO NOTHING
      """;

  private static final String ADD_MEMBERS_ADDED =
      """
      UPDATE aggregate_step SET members_added = members_added + :n
       WHERE run_id = :runId AND step = :step
      """;

  private static final String MEMBERS =
      """
      SELECT asset_id, hash, cluster_id, bucket, merged_by_run IS NULL AS pending
        FROM duplicate_member WHERE index_id = :indexId ORDER BY asset_id
      """;

  private static final String RELABEL =
      """
      UPDATE duplicate_member m SET cluster_id = t.label
        FROM unnest(:assetIds::bigint[], :labels::bigint[]) AS t(asset_id, label)
       WHERE m.index_id = :indexId AND m.asset_id = t.asset_id
      """;

  private static final String MARK_MERGED =
      """
      UPDATE duplicate_member SET merged_by_run = :runId
       WHERE index_id = :indexId AND asset_id = ANY(:assetIds::bigint[]) AND merged_by_run IS NULL
      """;

  private static final String COUNT_BUCKET =
      """
      UPDATE aggregate_step SET members_merged = members_merged + :n, buckets_done = buckets_done + 1
       WHERE run_id = :runId AND step = :step
      """;

  // Clusters another cluster absorbed keep no member under their label: drop their rows.
  private static final String DELETE_ABSORBED =
      """
      DELETE FROM duplicate_cluster c
       WHERE c.index_id = :indexId
         AND NOT EXISTS (SELECT 1 FROM duplicate_member m
                          WHERE m.index_id = c.index_id AND m.cluster_id = c.cluster_id)
      """;

  // Clusters of two or more holding a member this run merged, not yet written by this run: a
  // restart goes on after the last committed cluster; members left alone cost no page.
  private static final String TO_PUBLISH =
      """
      SELECT DISTINCT m.cluster_id
        FROM duplicate_member m
       WHERE m.merged_by_run = :runId AND m.index_id = :indexId AND m.cluster_id > :after
         AND EXISTS (SELECT 1 FROM duplicate_member o
                      WHERE o.index_id = m.index_id AND o.cluster_id = m.cluster_id
                        AND o.asset_id <> m.asset_id)
         AND NOT EXISTS (SELECT 1 FROM duplicate_cluster c
                          WHERE c.index_id = m.index_id AND c.cluster_id = m.cluster_id
                            AND c.run_id = :runId)
       ORDER BY m.cluster_id
       LIMIT :limit
      """;

  private static final String CLUSTER_HASHES =
      """
      SELECT cluster_id, asset_id, hash, phash_artifact_id
        FROM duplicate_member
       WHERE index_id = :indexId AND cluster_id = ANY(:labels::bigint[])
       ORDER BY cluster_id, asset_id
      """;

  private static final String INSERT_CLUSTER_ARTIFACT =
      """
      INSERT INTO artifact (kind, asset_id, run_id, unit_key, media_type, inline_value, expires_at)
      SELECT :kind, :assetId, r.id, :unitKey, 'application/json', :json::jsonb,
             CASE WHEN r.policy = 'SANDBOX'
                  THEN now() + make_interval(secs => coalesce(r.artifact_ttl_secs, 604800))
             END
        FROM run r WHERE r.id = :runId
      ON CONFLICT (run_id, unit_key, kind) DO UPDATE SET inline_value = EXCLUDED.inline_value
      RETURNING id
      """;

  private static final String INSERT_LINEAGE =
      """
      INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, parameters, params_hash)
      VALUES (:artifactId, :runId, :toolId, :toolVersion, :parameters::jsonb, :paramsHash)
      ON CONFLICT (artifact_id) DO NOTHING
      """;

  private static final String INSERT_LINEAGE_INPUTS =
      """
      INSERT INTO lineage_input (artifact_id, input_artifact_id)
      SELECT :artifactId, unnest(:inputs::bigint[])
      ON CONFLICT DO NOTHING
      """;

  private static final String UPSERT_CLUSTER =
      """
      INSERT INTO duplicate_cluster (index_id, cluster_id, members, artifact_id, run_id)
      VALUES (:indexId, :clusterId, :members, :artifactId, :runId)
      ON CONFLICT (index_id, cluster_id) DO UPDATE
         SET members = EXCLUDED.members, artifact_id = EXCLUDED.artifact_id,
             run_id = EXCLUDED.run_id, updated_at = now()
      """;

  private static final String COUNT_CLUSTERS_WRITTEN =
      """
      UPDATE aggregate_step SET clusters_written = clusters_written + :n
       WHERE run_id = :runId AND step = :step
      """;

  private static final String FINISH_STEP =
      """
      UPDATE aggregate_step SET status = :status, error = :error, finished_at = now()
       WHERE run_id = :runId AND step = :step
      """;

  private static final String STEP =
      """
      SELECT run_id, step, index_id, status, launches, members_added, members_merged, buckets_done,
             clusters_written, error, started_at, finished_at
        FROM aggregate_step WHERE run_id = :runId AND step = :step
      """;

  // The index a listing shows by default: the catalog's, most recently changed.
  private static final String LATEST_CATALOG_INDEX =
      """
      SELECT i.id FROM duplicate_index i
       WHERE i.scope = :scope
       ORDER BY (SELECT max(s.started_at) FROM aggregate_step s WHERE s.index_id = i.id)
                DESC NULLS LAST, i.id DESC
       LIMIT 1
      """;

  private static final String CLUSTERS =
      """
      SELECT c.index_id, c.cluster_id, i.threshold, c.artifact_id, c.run_id, c.updated_at
        FROM duplicate_cluster c JOIN duplicate_index i ON i.id = c.index_id
       WHERE c.index_id = :indexId AND c.cluster_id > :after
       ORDER BY c.cluster_id
       LIMIT :limit
      """;

  private static final String COUNT_CLUSTERS =
      "SELECT count(*) FROM duplicate_cluster WHERE index_id = :indexId";

  private static final String CLUSTER_MEMBERS =
      """
      SELECT m.cluster_id, m.asset_id, m.hash, m.phash_artifact_id, a.media_type, a.size_bytes,
             a.width, a.height, a.captured_at,
             (SELECT t.id FROM artifact t
               WHERE t.asset_id = m.asset_id AND t.kind = 'thumbnail'
               ORDER BY t.id DESC LIMIT 1) AS thumbnail_id,
             ARRAY(SELECT r.name || '/' || l.rel_path
                     FROM asset_location l JOIN archive_root r ON r.id = l.root_id
                    WHERE l.asset_id = m.asset_id AND l.gone_at IS NULL
                    ORDER BY 1) AS paths
        FROM duplicate_member m JOIN asset a ON a.id = m.asset_id
       WHERE m.index_id = :indexId AND m.cluster_id = ANY(:labels::bigint[])
       ORDER BY m.cluster_id, m.asset_id
      """;

  private static final String EXACT =
      """
      SELECT a.id, a.sha256, a.media_type, a.size_bytes,
             (SELECT t.id FROM artifact t
               WHERE t.asset_id = a.id AND t.kind = 'thumbnail'
               ORDER BY t.id DESC LIMIT 1) AS thumbnail_id,
             ARRAY(SELECT r.name || '/' || l.rel_path
                     FROM asset_location l JOIN archive_root r ON r.id = l.root_id
                    WHERE l.asset_id = a.id AND l.gone_at IS NULL
                    ORDER BY 1) AS paths
        FROM asset a
       WHERE a.id > :after
         AND a.id IN (SELECT asset_id FROM asset_location WHERE gone_at IS NULL
                       GROUP BY asset_id HAVING count(*) > 1)
       ORDER BY a.id
       LIMIT :limit
      """;

  private static final String COUNT_EXACT =
      """
      SELECT count(*) FROM (SELECT asset_id FROM asset_location WHERE gone_at IS NULL
                             GROUP BY asset_id HAVING count(*) > 1) d
      """;

  private static final RowMapper<AggregateStepState> STEP_STATE =
      (ResultSet rs, int row) ->
          new AggregateStepState(
              rs.getLong("run_id"),
              rs.getString("step"),
              rs.getObject("index_id", Long.class),
              rs.getString("status"),
              rs.getInt("launches"),
              rs.getLong("members_added"),
              rs.getLong("members_merged"),
              rs.getInt("buckets_done"),
              rs.getLong("clusters_written"),
              rs.getString("error"),
              rs.getTimestamp("started_at").toInstant(),
              instant(rs.getTimestamp("finished_at")));

  private final JdbcClient jdbc;

  public DuplicateRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The scope of a sandbox run's own index: its hashes expire with it. */
  public static String sandboxScope(long runId) {
    return "run:" + runId;
  }

  /** The index's id, created on first use. */
  public long indexId(String scope, int threshold, String phashVersion) {
    return jdbc.sql(UPSERT_INDEX)
        .param("scope", scope)
        .param("threshold", threshold)
        .param("version", phashVersion)
        .query(Long.class)
        .single();
  }

  /** Records a launch of the step: RUNNING, one more launch. */
  public void startStep(long runId, String step, long indexId) {
    jdbc.sql(START_STEP)
        .param("runId", runId)
        .param("step", step)
        .param("indexId", indexId)
        .update();
  }

  /**
   * Adds the hashes not in the index yet as pending members, each alone in its cluster.
   *
   * @param sandbox take only the run's own hashes (else the catalog's lasting ones)
   * @return how many members were added
   */
  public int ingest(
      long indexId,
      long runId,
      String step,
      String phashKind,
      String phashVersion,
      boolean sandbox) {
    int added =
        jdbc.sql(INGEST)
            .param("indexId", indexId)
            .param("runId", runId)
            .param("kind", phashKind)
            .param("version", phashVersion)
            .param("sandbox", sandbox)
            .update();
    jdbc.sql(ADD_MEMBERS_ADDED)
        .param("n", added)
        .param("runId", runId)
        .param("step", step)
        .update();
    return added;
  }

  /** Every member of the index, ordered by asset id. */
  public IndexMembers members(long indexId) {
    List<long[]> rows = new ArrayList<>();
    jdbc.sql(MEMBERS)
        .param("indexId", indexId)
        .query(
            (ResultSet rs) -> {
              rows.add(
                  new long[] {
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getInt(4),
                    rs.getBoolean(5) ? 1 : 0
                  });
            });
    int n = rows.size();
    long[] ids = new long[n];
    long[] hashes = new long[n];
    long[] labels = new long[n];
    int[] buckets = new int[n];
    boolean[] pending = new boolean[n];
    for (int i = 0; i < n; i++) {
      long[] row = rows.get(i);
      ids[i] = row[0];
      hashes[i] = row[1];
      labels[i] = row[2];
      buckets[i] = (int) row[3];
      pending[i] = row[4] == 1;
    }
    return new IndexMembers(ids, hashes, labels, buckets, pending);
  }

  /**
   * One bucket's merge: the changed labels, the bucket's members marked merged by the run, the
   * step's counters. Call inside the transaction that makes them one commit.
   */
  public void commitBucket(
      long indexId,
      long runId,
      String step,
      long[] changedAssetIds,
      long[] newLabels,
      long[] mergedAssetIds) {
    if (changedAssetIds.length > 0) {
      jdbc.sql(RELABEL)
          .param("assetIds", changedAssetIds)
          .param("labels", newLabels)
          .param("indexId", indexId)
          .update();
    }
    jdbc.sql(MARK_MERGED)
        .param("runId", runId)
        .param("indexId", indexId)
        .param("assetIds", mergedAssetIds)
        .update();
    jdbc.sql(COUNT_BUCKET)
        .param("n", mergedAssetIds.length)
        .param("runId", runId)
        .param("step", step)
        .update();
  }

  public void deleteAbsorbedClusters(long indexId) {
    jdbc.sql(DELETE_ABSORBED).param("indexId", indexId).update();
  }

  /** Up to {@code limit} labels after {@code after} whose cluster this run must (re)write. */
  public List<Long> clustersToPublish(long indexId, long runId, long after, int limit) {
    return jdbc.sql(TO_PUBLISH)
        .param("runId", runId)
        .param("indexId", indexId)
        .param("after", after)
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /** Members of the given clusters: label → (asset id, hash, phash artifact id), by asset id. */
  public Map<Long, List<long[]>> clusterHashes(long indexId, List<Long> labels) {
    Map<Long, List<long[]>> byLabel = new LinkedHashMap<>();
    jdbc.sql(CLUSTER_HASHES)
        .param("indexId", indexId)
        .param("labels", labels.stream().mapToLong(Long::longValue).toArray())
        .query(
            (ResultSet rs) -> {
              byLabel
                  .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                  .add(new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            });
    return byLabel;
  }

  /**
   * Writes a cluster's artifact (kind {@value #CLUSTER_KIND}, on its smallest asset), its lineage
   * with every member's hash artifact as input, and makes it the cluster's current one.
   */
  public long writeCluster(
      long indexId,
      long runId,
      long clusterId,
      String json,
      String toolId,
      String toolVersion,
      String parametersJson,
      String paramsHash,
      long[] inputArtifactIds) {
    long artifactId =
        jdbc.sql(INSERT_CLUSTER_ARTIFACT)
            .param("kind", CLUSTER_KIND)
            .param("assetId", clusterId)
            .param("unitKey", "cluster-" + clusterId)
            .param("json", json)
            .param("runId", runId)
            .query(Long.class)
            .single();
    jdbc.sql(INSERT_LINEAGE)
        .param("artifactId", artifactId)
        .param("runId", runId)
        .param("toolId", toolId)
        .param("toolVersion", toolVersion)
        .param("parameters", parametersJson)
        .param("paramsHash", paramsHash)
        .update();
    jdbc.sql(INSERT_LINEAGE_INPUTS)
        .param("artifactId", artifactId)
        .param("inputs", inputArtifactIds)
        .update();
    jdbc.sql(UPSERT_CLUSTER)
        .param("indexId", indexId)
        .param("clusterId", clusterId)
        .param("members", inputArtifactIds.length)
        .param("artifactId", artifactId)
        .param("runId", runId)
        .update();
    return artifactId;
  }

  public void countClustersWritten(long runId, String step, int n) {
    jdbc.sql(COUNT_CLUSTERS_WRITTEN)
        .param("n", n)
        .param("runId", runId)
        .param("step", step)
        .update();
  }

  /** COMPLETED or FAILED (with the reason). */
  public void finishStep(long runId, String step, String status, @Nullable String error) {
    jdbc.sql(FINISH_STEP)
        .param("status", status)
        .param("error", error)
        .param("runId", runId)
        .param("step", step)
        .update();
  }

  public Optional<AggregateStepState> step(long runId, String step) {
    return jdbc.sql(STEP).param("runId", runId).param("step", step).query(STEP_STATE).optional();
  }

  /** The catalog index a listing shows by default, if any run built one. */
  public Optional<Long> latestCatalogIndex() {
    return jdbc.sql(LATEST_CATALOG_INDEX)
        .param("scope", CATALOG_SCOPE)
        .query(Long.class)
        .optional();
  }

  public long countClusters(long indexId) {
    return jdbc.sql(COUNT_CLUSTERS).param("indexId", indexId).query(Long.class).single();
  }

  /**
   * Up to {@code limit} clusters after the cluster id {@code after}, by cluster id (keyset paging),
   * each with its members and what tells them apart.
   */
  public List<DuplicateCluster> clusters(long indexId, int limit, long after) {
    record Head(
        long indexId,
        long clusterId,
        int threshold,
        @Nullable Long artifactId,
        long runId,
        Instant updatedAt) {}
    List<Head> heads =
        jdbc.sql(CLUSTERS)
            .param("indexId", indexId)
            .param("limit", limit)
            .param("after", after)
            .query(
                (rs, row) ->
                    new Head(
                        rs.getLong("index_id"),
                        rs.getLong("cluster_id"),
                        rs.getInt("threshold"),
                        rs.getObject("artifact_id", Long.class),
                        rs.getLong("run_id"),
                        rs.getTimestamp("updated_at").toInstant()))
            .list();
    if (heads.isEmpty()) {
      return List.of();
    }
    Map<Long, List<ClusterMember>> members = new LinkedHashMap<>();
    Map<Long, Long> firstHash = new LinkedHashMap<>();
    jdbc.sql(CLUSTER_MEMBERS)
        .param("indexId", indexId)
        .param("labels", heads.stream().mapToLong(Head::clusterId).toArray())
        .query(
            (ResultSet rs) -> {
              long label = rs.getLong("cluster_id");
              long hash = rs.getLong("hash");
              long first = firstHash.computeIfAbsent(label, k -> hash);
              Timestamp captured = rs.getTimestamp("captured_at");
              members
                  .computeIfAbsent(label, k -> new ArrayList<>())
                  .add(
                      new ClusterMember(
                          rs.getLong("asset_id"),
                          HexFormat.of().toHexDigits(hash),
                          Long.bitCount(first ^ hash),
                          rs.getLong("phash_artifact_id"),
                          rs.getObject("thumbnail_id", Long.class),
                          rs.getString("media_type"),
                          rs.getLong("size_bytes"),
                          rs.getObject("width", Integer.class),
                          rs.getObject("height", Integer.class),
                          instant(captured),
                          strings(rs.getArray("paths"))));
            });
    return heads.stream()
        .map(
            h ->
                new DuplicateCluster(
                    h.indexId(),
                    h.clusterId(),
                    h.threshold(),
                    h.artifactId(),
                    h.runId(),
                    h.updatedAt(),
                    members.getOrDefault(h.clusterId(), List.of())))
        .toList();
  }

  /** Up to {@code limit} assets after {@code after} found at several live paths, by asset id. */
  public List<ExactDuplicate> exactDuplicates(int limit, long after) {
    return jdbc.sql(EXACT)
        .param("limit", limit)
        .param("after", after)
        .query(
            (rs, row) ->
                new ExactDuplicate(
                    rs.getLong("id"),
                    rs.getString("sha256"),
                    rs.getString("media_type"),
                    rs.getLong("size_bytes"),
                    rs.getObject("thumbnail_id", Long.class),
                    strings(rs.getArray("paths"))))
        .list();
  }

  public long countExactDuplicates() {
    return jdbc.sql(COUNT_EXACT).query(Long.class).single();
  }

  private static List<String> strings(@Nullable Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.asList((String[]) array.getArray());
  }

  private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
