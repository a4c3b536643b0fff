-- Per-collection coverage kept incrementally for static collections (issue 12, ADR 0026): counting
-- a collection's coverage from its members cost O(members) per look (217 ms at 20,000 members on a
-- loaded machine, seconds at a million). These counters hold, per static collection, what
-- coverage_media and coverage_tally (V50) hold for all assets:
--   collection_coverage_media  live members per media type
--   collection_coverage_tally  live members' coverage_state rows per (tool, status, version, hash)
-- striped over 16 slots by backend like V50's. Reading a collection's map sums a few dozen rows.
-- Dynamic collections have no member rows: their map stays a count over the query's matches.
--
-- What moves them, each by a statement-level trigger in the same transaction as the change:
--   collection_member insert/delete       the member's media type and state rows, +1/-1
--   coverage_state insert/update/delete   the state row, for each collection of its asset
--   coverage_asset insert/delete          (liveness) the media type, for each collection of it
-- A membership edit and a chunk recording state for the same asset could each miss the other's
-- uncommitted row; both sides therefore lock the asset's coverage_asset row first (the edit FOR
-- NO KEY UPDATE, the chunk FOR SHARE), so the later one waits and then sees the earlier one's
-- commit. NO KEY UPDATE does not wait for the key-share locks a chunk's foreign keys hold, so the
-- edit never waits for a chunk that is about to wait for it (no deadlock between the two).

CREATE TABLE collection_coverage_media (
    collection_id bigint NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    media_type    text   NOT NULL,
    slot          int    NOT NULL,
    n             bigint NOT NULL,
    PRIMARY KEY (collection_id, media_type, slot)
);

CREATE TABLE collection_coverage_tally (
    collection_id bigint NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    tool_id       text   NOT NULL,
    status        text   NOT NULL,
    tool_version  text   NOT NULL,
    params_hash   text   NOT NULL,
    slot          int    NOT NULL,
    n             bigint NOT NULL,
    PRIMARY KEY (collection_id, tool_id, status, tool_version, params_hash, slot)
);

-- Membership. Members of a collection being deleted are skipped (its counters go with it).
CREATE FUNCTION collection_coverage_member_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
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
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER collection_member_coverage_insert AFTER INSERT ON collection_member
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_coverage_member_apply();
CREATE TRIGGER collection_member_coverage_delete AFTER DELETE ON collection_member
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_coverage_member_apply();

-- Per-asset state: the statement's changes, -1 for old rows and +1 for new ones, for every
-- collection the asset belongs to; unchanged rows cancel.
CREATE FUNCTION collection_coverage_state_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
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
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER coverage_state_collection_insert AFTER INSERT ON coverage_state
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_coverage_state_apply();
CREATE TRIGGER coverage_state_collection_update AFTER UPDATE ON coverage_state
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_coverage_state_apply();
CREATE TRIGGER coverage_state_collection_delete AFTER DELETE ON coverage_state
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_coverage_state_apply();

-- Liveness: an asset that becomes live or goes moves the media counters of its collections (its
-- state rows move the tallies through the trigger above).
CREATE FUNCTION collection_coverage_live_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO collection_coverage_media AS t (collection_id, media_type, slot, n)
    SELECT m.collection_id, c.media_type, stripe, count(*)
      FROM new_rows c JOIN collection_member m ON m.asset_id = c.asset_id
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (collection_id, media_type, slot) DO UPDATE SET n = t.n + excluded.n;
  ELSE
    INSERT INTO collection_coverage_media AS t (collection_id, media_type, slot, n)
    SELECT m.collection_id, c.media_type, stripe, -count(*)
      FROM old_rows c JOIN collection_member m ON m.asset_id = c.asset_id
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (collection_id, media_type, slot) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER coverage_asset_collection_insert AFTER INSERT ON coverage_asset
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_coverage_live_apply();
CREATE TRIGGER coverage_asset_collection_delete AFTER DELETE ON coverage_asset
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_coverage_live_apply();

-- What exists already.
INSERT INTO collection_coverage_media (collection_id, media_type, slot, n)
SELECT m.collection_id, c.media_type, 0, count(*)
  FROM collection_member m JOIN coverage_asset c ON c.asset_id = m.asset_id
 GROUP BY 1, 2;
INSERT INTO collection_coverage_tally (collection_id, tool_id, status, tool_version, params_hash,
                                       slot, n)
SELECT m.collection_id, s.tool_id, s.status, s.tool_version, s.params_hash, 0, count(*)
  FROM collection_member m JOIN coverage_state s ON s.asset_id = m.asset_id
 GROUP BY 1, 2, 3, 4, 5;
