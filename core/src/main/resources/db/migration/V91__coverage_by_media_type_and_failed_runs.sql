-- Coverage read from counters for more scopes (issue 12, ADR 0029):
--   coverage_media_tally   live assets' coverage_state rows per (tool, status, version, hash) AND
--                          media type: a dynamic collection whose query only asks about the media
--                          type (type:image, type:video -type:video/mp4 ...) is answered from these
--                          and coverage_media, exactly, without evaluating its query per asset.
--   coverage_failed_runs   live assets' FAILED rows per (tool, run, media type): the "runs behind
--                          the failures" of a failed cell without a GROUP BY over the tool's
--                          failed rows.
-- Both are striped by backend over 16 slots like V50's counters and moved by statement-level
-- triggers on coverage_state in the same transaction as every change. coverage_asset.media_type
-- is written once when an asset becomes live and never changes, so the join below sees the same
-- media type when a row is counted down as when it was counted up (the state rows of an asset
-- that goes are deleted before its coverage_asset row, V87).
-- Failed-run counter rows that reach zero are deleted by the transaction that zeroed them (it holds
-- their lock), so reading a tool's failed runs costs O(runs with failures now), not O(history).

CREATE TABLE coverage_media_tally (
    tool_id      text   NOT NULL,
    status       text   NOT NULL,
    tool_version text   NOT NULL,
    params_hash  text   NOT NULL,
    media_type   text   NOT NULL,
    slot         int    NOT NULL,
    n            bigint NOT NULL,
    PRIMARY KEY (tool_id, status, tool_version, params_hash, media_type, slot)
);

CREATE TABLE coverage_failed_runs (
    tool_id    text   NOT NULL,
    run_id     bigint NOT NULL,
    media_type text   NOT NULL,
    slot       int    NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (tool_id, run_id, media_type, slot)
);

-- The sample reason of a failed run is the error of its lowest failed asset in the scope: one
-- index probe in asset order (replaces the (tool_id, run_id) index of V50).
CREATE INDEX coverage_state_failed_asset_idx ON coverage_state (tool_id, run_id, asset_id)
    WHERE status = 'FAILED';
DROP INDEX coverage_state_failed_idx;

CREATE FUNCTION coverage_media_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
  zero_tools text[];
  zero_runs bigint[];
  zero_media text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_media_tally AS t (tool_id, status, tool_version, params_hash, media_type,
                                           slot, n)
    SELECT s.tool_id, s.status, s.tool_version, s.params_hash, c.media_type, stripe, count(*)
      FROM new_rows s JOIN coverage_asset c ON c.asset_id = s.asset_id
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tool_id, status, tool_version, params_hash, media_type, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO coverage_failed_runs AS t (tool_id, run_id, media_type, slot, n)
      SELECT s.tool_id, s.run_id, c.media_type, stripe, count(*)
        FROM new_rows s JOIN coverage_asset c ON c.asset_id = s.asset_id
       WHERE s.status = 'FAILED'
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (tool_id, run_id, media_type, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.tool_id, t.run_id, t.media_type, t.n)
    SELECT array_agg(tool_id), array_agg(run_id), array_agg(media_type)
      INTO zero_tools, zero_runs, zero_media FROM up WHERE n = 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO coverage_media_tally AS t (tool_id, status, tool_version, params_hash, media_type,
                                           slot, n)
    SELECT s.tool_id, s.status, s.tool_version, s.params_hash, c.media_type, stripe, -count(*)
      FROM old_rows s JOIN coverage_asset c ON c.asset_id = s.asset_id
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tool_id, status, tool_version, params_hash, media_type, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO coverage_failed_runs AS t (tool_id, run_id, media_type, slot, n)
      SELECT s.tool_id, s.run_id, c.media_type, stripe, -count(*)
        FROM old_rows s JOIN coverage_asset c ON c.asset_id = s.asset_id
       WHERE s.status = 'FAILED'
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (tool_id, run_id, media_type, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.tool_id, t.run_id, t.media_type, t.n)
    SELECT array_agg(tool_id), array_agg(run_id), array_agg(media_type)
      INTO zero_tools, zero_runs, zero_media FROM up WHERE n = 0;
  ELSE
    INSERT INTO coverage_media_tally AS t (tool_id, status, tool_version, params_hash, media_type,
                                           slot, n)
    SELECT d.tool_id, d.status, d.tool_version, d.params_hash, c.media_type, stripe, sum(d.d)
      FROM (SELECT asset_id, tool_id, status, tool_version, params_hash, 1 AS d FROM new_rows
            UNION ALL
            SELECT asset_id, tool_id, status, tool_version, params_hash, -1 FROM old_rows) d
      JOIN coverage_asset c ON c.asset_id = d.asset_id
     GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.d) <> 0 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (tool_id, status, tool_version, params_hash, media_type, slot)
       DO UPDATE SET n = t.n + excluded.n;
    WITH up AS (
      INSERT INTO coverage_failed_runs AS t (tool_id, run_id, media_type, slot, n)
      SELECT d.tool_id, d.run_id, c.media_type, stripe, sum(d.d)
        FROM (SELECT asset_id, tool_id, run_id, 1 AS d FROM new_rows WHERE status = 'FAILED'
              UNION ALL
              SELECT asset_id, tool_id, run_id, -1 FROM old_rows WHERE status = 'FAILED') d
        JOIN coverage_asset c ON c.asset_id = d.asset_id
       GROUP BY 1, 2, 3 HAVING sum(d.d) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (tool_id, run_id, media_type, slot) DO UPDATE SET n = t.n + excluded.n
      RETURNING t.tool_id, t.run_id, t.media_type, t.n)
    SELECT array_agg(tool_id), array_agg(run_id), array_agg(media_type)
      INTO zero_tools, zero_runs, zero_media FROM up WHERE n = 0;
  END IF;
  -- Only rows this statement just updated (and so holds locks on) are deleted.
  IF zero_tools IS NOT NULL THEN
    DELETE FROM coverage_failed_runs f
     USING unnest(zero_tools, zero_runs, zero_media) z(tool_id, run_id, media_type)
     WHERE f.tool_id = z.tool_id AND f.run_id = z.run_id AND f.media_type = z.media_type
       AND f.slot = stripe AND f.n = 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER coverage_state_media_insert AFTER INSERT ON coverage_state
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION coverage_media_tally_apply();
CREATE TRIGGER coverage_state_media_update AFTER UPDATE ON coverage_state
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION coverage_media_tally_apply();
CREATE TRIGGER coverage_state_media_delete AFTER DELETE ON coverage_state
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION coverage_media_tally_apply();

-- What exists already.
INSERT INTO coverage_media_tally (tool_id, status, tool_version, params_hash, media_type, slot, n)
SELECT s.tool_id, s.status, s.tool_version, s.params_hash, c.media_type, 0, count(*)
  FROM coverage_state s JOIN coverage_asset c ON c.asset_id = s.asset_id
 GROUP BY 1, 2, 3, 4, 5;
INSERT INTO coverage_failed_runs (tool_id, run_id, media_type, slot, n)
SELECT s.tool_id, s.run_id, c.media_type, 0, count(*)
  FROM coverage_state s JOIN coverage_asset c ON c.asset_id = s.asset_id
 WHERE s.status = 'FAILED'
 GROUP BY 1, 2, 3;
