-- The runs behind a static collection's failed cells, kept like its counters (issue 12, ADR 0029):
-- listing them was a GROUP BY over the tool's failed rows joined with the collection's members
-- (189/258 ms p50/p95 for a 500,000-member collection at 1M assets, where the counters alone took
-- about 30 ms). collection_coverage_failed_runs counts, per static collection, tool and run, the
-- live members whose last attempt of the tool failed in that run, striped by backend like V86.
-- The V86 trigger functions are replaced by the same functions plus these counts, so they move in
-- the same statements, after the same coverage_asset locks, as the V86 counters. Rows that reach
-- zero are deleted by the transaction that zeroed them (it holds their lock).

CREATE TABLE collection_coverage_failed_runs (
    collection_id bigint NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    tool_id       text   NOT NULL,
    run_id        bigint NOT NULL,
    slot          int    NOT NULL,
    n             bigint NOT NULL,
    PRIMARY KEY (collection_id, tool_id, run_id, slot)
);

CREATE OR REPLACE FUNCTION collection_coverage_member_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
  zero_collections bigint[];
  zero_tools text[];
  zero_runs bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM coverage_asset c WHERE c.asset_id IN (SELECT asset_id FROM new_rows)
      ORDER BY c.asset_id FOR NO KEY UPDATE;
    INSERT INTO collection_coverage_media AS t (collection_id, media_type, slot, n)
    SELECT m.collection_id, c.media_type, stripe, count(*)
      FROM new_rows m JOIN coverage_asset c ON c.asset_id = m.asset_id
      JOIN collection k ON k.id = m.collection_id
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (collection_id, media_type, slot) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO collection_coverage_tally AS t (collection_id, tool_id, status, tool_version,
                                                params_hash, slot, n)
    SELECT m.collection_id, s.tool_id, s.status, s.tool_version, s.params_hash, stripe, count(*)
      FROM new_rows m JOIN coverage_state s ON s.asset_id = m.asset_id
      JOIN collection k ON k.id = m.collection_id
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (collection_id, tool_id, status, tool_version, params_hash, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO collection_coverage_failed_runs AS t (collection_id, tool_id, run_id, slot, n)
      SELECT m.collection_id, s.tool_id, s.run_id, stripe, count(*)
        FROM new_rows m JOIN coverage_state s ON s.asset_id = m.asset_id
        JOIN collection k ON k.id = m.collection_id
       WHERE s.status = 'FAILED'
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (collection_id, tool_id, run_id, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.collection_id, t.tool_id, t.run_id, t.n)
    SELECT array_agg(collection_id), array_agg(tool_id), array_agg(run_id)
      INTO zero_collections, zero_tools, zero_runs FROM up WHERE n = 0;
  ELSE
    PERFORM 1 FROM coverage_asset c WHERE c.asset_id IN (SELECT asset_id FROM old_rows)
      ORDER BY c.asset_id FOR NO KEY UPDATE;
    INSERT INTO collection_coverage_media AS t (collection_id, media_type, slot, n)
    SELECT m.collection_id, c.media_type, stripe, -count(*)
      FROM old_rows m JOIN coverage_asset c ON c.asset_id = m.asset_id
      JOIN collection k ON k.id = m.collection_id
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (collection_id, media_type, slot) DO UPDATE SET n = t.n + excluded.n;
    INSERT INTO collection_coverage_tally AS t (collection_id, tool_id, status, tool_version,
                                                params_hash, slot, n)
    SELECT m.collection_id, s.tool_id, s.status, s.tool_version, s.params_hash, stripe, -count(*)
      FROM old_rows m JOIN coverage_state s ON s.asset_id = m.asset_id
      JOIN collection k ON k.id = m.collection_id
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (collection_id, tool_id, status, tool_version, params_hash, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO collection_coverage_failed_runs AS t (collection_id, tool_id, run_id, slot, n)
      SELECT m.collection_id, s.tool_id, s.run_id, stripe, -count(*)
        FROM old_rows m JOIN coverage_state s ON s.asset_id = m.asset_id
        JOIN collection k ON k.id = m.collection_id
       WHERE s.status = 'FAILED'
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (collection_id, tool_id, run_id, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.collection_id, t.tool_id, t.run_id, t.n)
    SELECT array_agg(collection_id), array_agg(tool_id), array_agg(run_id)
      INTO zero_collections, zero_tools, zero_runs FROM up WHERE n = 0;
  END IF;
  -- Only rows this statement just updated (and so holds locks on) are deleted.
  IF zero_tools IS NOT NULL THEN
    DELETE FROM collection_coverage_failed_runs f
     USING unnest(zero_collections, zero_tools, zero_runs) z(collection_id, tool_id, run_id)
     WHERE f.collection_id = z.collection_id AND f.tool_id = z.tool_id AND f.run_id = z.run_id
       AND f.slot = stripe AND f.n = 0;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION collection_coverage_state_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
  zero_collections bigint[];
  zero_tools text[];
  zero_runs bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM 1 FROM coverage_asset c WHERE c.asset_id IN (SELECT asset_id FROM new_rows)
      ORDER BY c.asset_id FOR SHARE;
    INSERT INTO collection_coverage_tally AS t (collection_id, tool_id, status, tool_version,
                                                params_hash, slot, n)
    SELECT m.collection_id, s.tool_id, s.status, s.tool_version, s.params_hash, stripe, count(*)
      FROM new_rows s JOIN collection_member m ON m.asset_id = s.asset_id
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (collection_id, tool_id, status, tool_version, params_hash, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO collection_coverage_failed_runs AS t (collection_id, tool_id, run_id, slot, n)
      SELECT m.collection_id, s.tool_id, s.run_id, stripe, count(*)
        FROM new_rows s JOIN collection_member m ON m.asset_id = s.asset_id
       WHERE s.status = 'FAILED'
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (collection_id, tool_id, run_id, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.collection_id, t.tool_id, t.run_id, t.n)
    SELECT array_agg(collection_id), array_agg(tool_id), array_agg(run_id)
      INTO zero_collections, zero_tools, zero_runs FROM up WHERE n = 0;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM coverage_asset c WHERE c.asset_id IN (SELECT asset_id FROM old_rows)
      ORDER BY c.asset_id FOR SHARE;
    INSERT INTO collection_coverage_tally AS t (collection_id, tool_id, status, tool_version,
                                                params_hash, slot, n)
    SELECT m.collection_id, s.tool_id, s.status, s.tool_version, s.params_hash, stripe, -count(*)
      FROM old_rows s JOIN collection_member m ON m.asset_id = s.asset_id
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (collection_id, tool_id, status, tool_version, params_hash, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO collection_coverage_failed_runs AS t (collection_id, tool_id, run_id, slot, n)
      SELECT m.collection_id, s.tool_id, s.run_id, stripe, -count(*)
        FROM old_rows s JOIN collection_member m ON m.asset_id = s.asset_id
       WHERE s.status = 'FAILED'
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (collection_id, tool_id, run_id, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.collection_id, t.tool_id, t.run_id, t.n)
    SELECT array_agg(collection_id), array_agg(tool_id), array_agg(run_id)
      INTO zero_collections, zero_tools, zero_runs FROM up WHERE n = 0;
  ELSE
    PERFORM 1 FROM coverage_asset c WHERE c.asset_id IN (SELECT asset_id FROM new_rows)
      ORDER BY c.asset_id FOR SHARE;
    INSERT INTO collection_coverage_tally AS t (collection_id, tool_id, status, tool_version,
                                                params_hash, slot, n)
    SELECT m.collection_id, d.tool_id, d.status, d.tool_version, d.params_hash, stripe, sum(d.d)
      FROM (SELECT asset_id, tool_id, status, tool_version, params_hash, 1 AS d FROM new_rows
            UNION ALL
            SELECT asset_id, tool_id, status, tool_version, params_hash, -1 FROM old_rows) d
      JOIN collection_member m ON m.asset_id = d.asset_id
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.d) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (collection_id, tool_id, status, tool_version, params_hash, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO collection_coverage_failed_runs AS t (collection_id, tool_id, run_id, slot, n)
      SELECT m.collection_id, d.tool_id, d.run_id, stripe, sum(d.d)
        FROM (SELECT asset_id, tool_id, run_id, 1 AS d FROM new_rows WHERE status = 'FAILED'
              UNION ALL
              SELECT asset_id, tool_id, run_id, -1 FROM old_rows WHERE status = 'FAILED') d
        JOIN collection_member m ON m.asset_id = d.asset_id
       GROUP BY 1, 2, 3 HAVING sum(d.d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (collection_id, tool_id, run_id, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.collection_id, t.tool_id, t.run_id, t.n)
    SELECT array_agg(collection_id), array_agg(tool_id), array_agg(run_id)
      INTO zero_collections, zero_tools, zero_runs FROM up WHERE n = 0;
  END IF;
  -- Only rows this statement just updated (and so holds locks on) are deleted.
  IF zero_tools IS NOT NULL THEN
    DELETE FROM collection_coverage_failed_runs f
     USING unnest(zero_collections, zero_tools, zero_runs) z(collection_id, tool_id, run_id)
     WHERE f.collection_id = z.collection_id AND f.tool_id = z.tool_id AND f.run_id = z.run_id
       AND f.slot = stripe AND f.n = 0;
  END IF;
  RETURN NULL;
END $$;

-- What exists already.
INSERT INTO collection_coverage_failed_runs (collection_id, tool_id, run_id, slot, n)
SELECT m.collection_id, s.tool_id, s.run_id, 0, count(*)
  FROM collection_member m JOIN coverage_state s ON s.asset_id = m.asset_id
 WHERE s.status = 'FAILED'
 GROUP BY 1, 2, 3;
