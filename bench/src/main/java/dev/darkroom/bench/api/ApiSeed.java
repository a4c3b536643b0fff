package dev.darkroom.bench.api;

import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.SqlFragment;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeds a migrated, empty catalog with a large, realistic-looking archive in set-based SQL (no
 * files: the API benchmark reads the catalog only): {@code assets} assets with one live location
 * each, three artifacts per asset with lineage, a few runs — the first one still RUNNING over every
 * asset with about 1% failed units — and {@code executions} Spring Batch job executions with their
 * parameters and step executions, most of them linked to a run's partition.
 */
final class ApiSeed {

  static final String KIND_THUMBNAIL = "thumbnail";
  static final String KIND_METADATA = "image-metadata";
  static final String KIND_PHASH = "phash";

  private final JdbcClient jdbc;

  ApiSeed(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Seeded(
      long bigRunId,
      long failedUnits,
      long artifacts,
      long executions,
      long staticCollection,
      long dynamicCollection,
      long largeStaticCollection,
      long largeStaticMembers,
      long imagesCollection,
      long keptCollection,
      long keptMembers) {}

  /** The seeded dynamic collection that keeps its members (V93, ADR 0034). */
  static final String KEPT_QUERY = "camera:\"Canon EOS\"";

  Seeded seed(int assets, int executions) {
    exec("INSERT INTO archive_root (name, path) VALUES ('bench', '/nonexistent/bench-archive')");
    exec(
        "INSERT INTO scan (status, roots, finished_at) VALUES ('COMPLETED', ARRAY['bench'], now())");
    exec(
        """
        INSERT INTO asset (sha256, size_bytes, media_type, width, height, captured_at,
                           camera_make, camera_model, metadata, first_scan_id)
        SELECT encode(sha256(convert_to('asset-' || i, 'UTF8')), 'hex'),
               200000 + (i::bigint * 7919) %% 9000000,
               (ARRAY['image/jpeg','image/jpeg','image/jpeg','image/jpeg','image/jpeg','image/jpeg',
                      'image/png','image/heic','video/mp4','video/quicktime'])[1 + i %% 10],
               4000, 3000,
               timestamptz '2005-01-01' + ((i::bigint * 97) %% 10512000) * interval '1 minute',
               (ARRAY['Canon','Nikon','Apple','Sony','FUJIFILM','OLYMPUS','Google','Panasonic'])[1 + i %% 8],
               (ARRAY['Canon EOS 5D Mark II','NIKON D750','iPhone 12','ILCE-7M3','X-T3',
                      'E-M10','Pixel 6','DMC-GX80'])[1 + i %% 8],
               jsonb_build_object('Exif', jsonb_build_object('ISO', 100 + i %% 3200, 'FNumber', 2.8)),
               1
          FROM generate_series(1, %d) i
        """
            .formatted(assets));
    exec(
        """
        INSERT INTO asset_location (asset_id, root_id, rel_path, parent_path, size_bytes, mtime,
                                    first_seen_scan, last_seen_scan, hashed_scan)
        SELECT a.id, r.id,
               'photos/' || to_char(a.captured_at, 'YYYY/MM') || '/IMG_' || lpad(a.id::text, 6, '0')
                 || '.jpg',
               'photos/' || to_char(a.captured_at, 'YYYY/MM'),
               a.size_bytes, a.captured_at, 1, 1, 1
          FROM asset a CROSS JOIN archive_root r
        """);
    // Ten runs: the first covers every asset and is still running; the others are finished.
    exec(
        """
        INSERT INTO run (pipeline_id, pipeline_version, policy, status, requested_by, units_total,
                         started_at, finished_at)
        SELECT 'images-basic', '1', 'PRODUCTION',
               CASE WHEN g = 1 THEN 'RUNNING' ELSE 'COMPLETED' END, 'bench',
               CASE WHEN g = 1 THEN %d ELSE 0 END,
               now() - (g * interval '1 day') - interval '1 hour',
               CASE WHEN g = 1 THEN NULL ELSE now() - (g * interval '1 day') END
          FROM generate_series(1, 10) g
        """
            .formatted(assets));
    long bigRun = jdbc.sql("SELECT min(id) FROM run").query(Long.class).single();
    int partitions = Math.max(1, assets / 2000);
    exec(
        """
        INSERT INTO run_partition (run_id, partition_no, launcher, status, units_total, started_at)
        SELECT %d, p, 'in-process',
               CASE WHEN p < %d * 6 / 10 THEN 'COMPLETED' WHEN p < %d * 7 / 10 THEN 'RUNNING'
                    ELSE 'PENDING' END,
               2000, now() - interval '1 hour'
          FROM generate_series(0, %d - 1) p
        """
            .formatted(bigRun, partitions, partitions, partitions));
    // Coverage: about 60% done, 1% failed with a reason, the rest pending; spread over the last
    // hour.
    exec(
        """
        INSERT INTO run_unit (run_id, unit_key, asset_id, partition_no, status, attempts, error,
                              updated_at)
        SELECT %d, lpad(a.id::text, 19, '0'), a.id, ((a.id - 1) / 2000)::int,
               CASE WHEN a.id %% 100 = 7 THEN 'FAILED'
                    WHEN a.id <= %d * 6 / 10 THEN 'DONE' ELSE 'PENDING' END,
               CASE WHEN a.id <= %d * 6 / 10 THEN 1 ELSE 0 END,
               CASE WHEN a.id %% 100 = 7 THEN 'thumbnail: not a decodable image (truncated JPEG at '
                    || (a.id * 31 %% 65536) || ' bytes)' END,
               now() - interval '1 hour' + (a.id * interval '1 hour') / %d
          FROM asset a
        """
            .formatted(bigRun, assets, assets, assets));
    exec(
        """
        UPDATE run SET units_done = (SELECT count(*) FROM run_unit WHERE run_id = %d AND status = 'DONE'),
                       units_failed = (SELECT count(*) FROM run_unit WHERE run_id = %d AND status = 'FAILED')
         WHERE id = %d
        """
            .formatted(bigRun, bigRun, bigRun));
    // Three artifacts per asset, spread over the ten runs, each with lineage.
    exec(
        """
        INSERT INTO artifact (kind, asset_id, run_id, unit_key, storage_key, sha256, size_bytes,
                              media_type, inline_value, created_at)
        SELECT k.kind, a.id, %d + (a.id %% 10), lpad(a.id::text, 19, '0'),
               CASE WHEN k.kind = 'thumbnail'
                    THEN 'sha256/' || encode(sha256(convert_to('thumb-' || a.id, 'UTF8')), 'hex') END,
               CASE WHEN k.kind = 'thumbnail'
                    THEN encode(sha256(convert_to('thumb-' || a.id, 'UTF8')), 'hex') END,
               CASE WHEN k.kind = 'thumbnail' THEN 18000 END,
               CASE WHEN k.kind = 'thumbnail' THEN 'image/jpeg' ELSE 'application/json' END,
               CASE WHEN k.kind = 'thumbnail' THEN NULL
                    WHEN k.kind = 'phash' THEN jsonb_build_object('phash', to_hex(a.id * 2654435761))
                    ELSE jsonb_build_object('width', 4000, 'height', 3000) END,
               now() - interval '1 hour'
          FROM asset a CROSS JOIN (VALUES ('thumbnail'), ('image-metadata'), ('phash')) k(kind)
        """
            .formatted(bigRun));
    exec(
        """
        INSERT INTO lineage (artifact_id, run_id, tool_id, tool_version, parameters, params_hash)
        SELECT id, run_id, CASE kind WHEN 'image-metadata' THEN 'image-metadata' ELSE kind END, '1',
               '{"size":256}'::jsonb, encode(sha256(convert_to(kind, 'UTF8')), 'hex')
          FROM artifact
        """);
    seedCoverage();
    seedBatch(bigRun, executions);
    long[] collections = seedCollections();
    // As autovacuum would after a bulk load: statistics, and the visibility map that index-only
    // scans rest on.
    exec("VACUUM ANALYZE");
    long failed =
        jdbc.sql("SELECT count(*) FROM run_unit WHERE status = 'FAILED'")
            .query(Long.class)
            .single();
    long artifacts = jdbc.sql("SELECT count(*) FROM artifact").query(Long.class).single();
    return new Seeded(
        bigRun,
        failed,
        artifacts,
        executions,
        collections[0],
        collections[1],
        collections[2],
        collections[3],
        collections[4],
        collections[5],
        collections[6]);
  }

  /**
   * Per-asset coverage as production chunks write it (V50): each image's newest thumbnail and
   * image-metadata artifact, 1% of the thumbnails failed. The triggers fill the counters; the
   * server pins its own tool versions at start-up, so the seeded version-1 artifacts read as stale,
   * which costs the map the same as current ones.
   */
  private void seedCoverage() {
    exec(
        """
        INSERT INTO coverage_state (asset_id, tool_id, status, tool_version, params_hash, run_id)
        SELECT DISTINCT ON (ar.asset_id, l.tool_id)
               ar.asset_id, l.tool_id, 'PRODUCED', l.tool_version, l.params_hash, ar.run_id
          FROM artifact ar JOIN lineage l ON l.artifact_id = ar.id
          JOIN asset a ON a.id = ar.asset_id AND a.media_type LIKE 'image/%'
         WHERE l.tool_id IN ('thumbnail', 'image-metadata')
         ORDER BY ar.asset_id, l.tool_id, ar.id DESC
        """);
    exec(
        """
        UPDATE coverage_state SET status = 'FAILED',
               error = 'not a decodable image (truncated JPEG)'
         WHERE tool_id = 'thumbnail' AND asset_id % 100 = 7
        """);
  }

  /**
   * Job instances and executions as Spring Batch writes them: most are pipeline partitions of the
   * ten runs ({@code runId}, {@code partitionNo} parameters), a tenth are scans; a few failed.
   */
  private void seedBatch(long firstRun, int executions) {
    exec(
        """
        INSERT INTO batch_job_instance (job_instance_id, version, job_name, job_key)
        SELECT g, 0, CASE WHEN g %% 10 = 0 THEN 'scan' ELSE 'pipeline' END, md5('job-' || g)
          FROM generate_series(1, %d) g
        """
            .formatted(executions));
    exec(
        """
        INSERT INTO batch_job_execution (job_execution_id, version, job_instance_id, create_time,
                                         start_time, end_time, status, exit_code, exit_message,
                                         last_updated)
        SELECT g, 2, g, ts, ts, ts + interval '90 seconds',
               CASE WHEN g %% 50 = 3 THEN 'FAILED' ELSE 'COMPLETED' END,
               CASE WHEN g %% 50 = 3 THEN 'FAILED' ELSE 'COMPLETED' END,
               CASE WHEN g %% 50 = 3 THEN 'java.io.IOException: worker lost' ELSE '' END,
               ts + interval '90 seconds'
          FROM (SELECT g, now() - interval '30 days' + g * interval '4 minutes' AS ts
                  FROM generate_series(1, %d) g) s
        """
            .formatted(executions));
    exec(
        """
        INSERT INTO batch_job_execution_params (job_execution_id, parameter_name, parameter_type,
                                                parameter_value, identifying)
        SELECT g, p.name, 'java.lang.Long',
               CASE p.name WHEN 'runId' THEN (%d + g %% 10)::text ELSE (g / 10 %% 50)::text END, 'Y'
          FROM generate_series(1, %d) g CROSS JOIN (VALUES ('runId'), ('partitionNo')) p(name)
         WHERE g %% 10 <> 0
        """
            .formatted(firstRun, executions));
    exec(
        """
        INSERT INTO batch_step_execution (step_execution_id, version, step_name, job_execution_id,
            create_time, start_time, end_time, status, commit_count, read_count, filter_count,
            write_count, read_skip_count, write_skip_count, process_skip_count, rollback_count,
            exit_code, exit_message, last_updated)
        SELECT e.job_execution_id, 3, CASE WHEN i.job_name = 'scan' THEN 'scan-files' ELSE 'pipeline-units' END,
               e.job_execution_id, e.create_time, e.start_time, e.end_time, e.status,
               20, 2000, 0, 2000, 0, 0, 0, 0, e.exit_code, e.exit_message, e.last_updated
          FROM batch_job_execution e JOIN batch_job_instance i USING (job_instance_id)
        """);
    for (String sequence :
        new String[] {
          "batch_job_instance_seq", "batch_job_execution_seq", "batch_step_execution_seq"
        }) {
      jdbc.sql(String.format(Locale.ROOT, "SELECT setval('%s', %d)", sequence, executions + 1))
          .query(Long.class)
          .single();
    }
  }

  /**
   * A static collection of every hundredth asset, a dynamic one (a saved query), a large static one
   * (every odd asset: 500,000 members at 1M, the 1% failed thumbnails among them) whose coverage is
   * read from its counters (V86, V92), and a dynamic one of every image (800,000 at 1M) whose
   * coverage is read from the per-media-type counters (V91), and a dynamic one by camera that keeps
   * its members (V93), read from the collection counters over them.
   */
  private long[] seedCollections() {
    long fixed =
        jdbc.sql(
                "INSERT INTO collection (name, kind) VALUES ('bench: every hundredth', 'STATIC')"
                    + " RETURNING id")
            .query(Long.class)
            .single();
    exec(
        """
        INSERT INTO collection_member (collection_id, asset_id)
        SELECT %d, id FROM asset WHERE id %% 100 = 0
        """
            .formatted(fixed));
    long dynamic =
        jdbc.sql(
                "INSERT INTO collection (name, kind, query) VALUES ('bench: videos', 'DYNAMIC',"
                    + " 'type:video') RETURNING id")
            .query(Long.class)
            .single();
    long large =
        jdbc.sql(
                "INSERT INTO collection (name, kind) VALUES ('bench: every odd asset', 'STATIC')"
                    + " RETURNING id")
            .query(Long.class)
            .single();
    exec(
        """
        INSERT INTO collection_member (collection_id, asset_id)
        SELECT %d, id FROM asset WHERE id %% 2 = 1
        """
            .formatted(large));
    long largeMembers =
        jdbc.sql("SELECT count(*) FROM collection_member WHERE collection_id = ?")
            .param(large)
            .query(Long.class)
            .single();
    long images =
        jdbc.sql(
                "INSERT INTO collection (name, kind, query) VALUES ('bench: images', 'DYNAMIC',"
                    + " 'type:image') RETURNING id")
            .query(Long.class)
            .single();
    // Kept members (V93), filled here in one statement as the server's fill would in batches: what
    // the query matches (every eighth asset, 125,000 at 1M), marked KEPT. Created last, so no
    // seeding statement after it queues a change.
    long kept =
        jdbc.sql(
                "INSERT INTO collection (name, kind, query, membership, kept_since)"
                    + " VALUES ('bench: Canon EOS', 'DYNAMIC', ?, 'KEPT', now()) RETURNING id")
            .param(KEPT_QUERY)
            .query(Long.class)
            .single();
    SqlFragment matches = AssetQuery.parse(KEPT_QUERY).liveAssetIds();
    jdbc.sql(
            "INSERT INTO collection_member (collection_id, asset_id) SELECT :keptCollection,"
                + " m.asset_id FROM ("
                + matches.sql()
                + ") m")
        .params(matches.params())
        .param("keptCollection", kept)
        .update();
    long keptMembers =
        jdbc.sql("SELECT count(*) FROM collection_member WHERE collection_id = ?")
            .param(kept)
            .query(Long.class)
            .single();
    return new long[] {fixed, dynamic, large, largeMembers, images, kept, keptMembers};
  }

  private void exec(String sql) {
    jdbc.sql(sql).update();
  }
}
