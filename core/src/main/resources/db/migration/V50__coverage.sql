-- Coverage (issue 12, ADR 0014, docs/coverage.md): per live asset and pipeline step, what the
-- catalog holds, maintained incrementally so the coverage map never recounts a million rows.
--
-- coverage_step     the steps the shipped pipelines pin now (tool id, the kind it writes, version,
--                   hash of its default parameters, accepted media types). Written at start-up;
--                   a tool version bump rewrites one row here, never the per-asset rows.
-- coverage_asset    the live assets (at least one live location) with their media type; kept by
--                   triggers on asset_location, so every scan path keeps it without knowing it.
-- coverage_state    per live asset and step: the last attempt of a production run, PRODUCED (with
--                   the version and parameters hash it was made with) or FAILED (with its reason
--                   and run). Missing is "no row"; current or stale is decided at read time by
--                   comparing with coverage_step.
-- coverage_tally,   counts of the two tables above, kept by statement-level triggers in the same
-- coverage_media    transaction as every change; reads sum a few dozen rows. Rows are striped by
--                   backend so concurrent chunk transactions rarely wait on one counter row.

CREATE TABLE coverage_step (
    tool_id      text        PRIMARY KEY,
    kind         text        NOT NULL,
    tool_version text        NOT NULL,
    params_hash  text        NOT NULL CHECK (params_hash ~ '^[0-9a-f]{64}$'),
    accepted     text[]      NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX coverage_step_kind_idx ON coverage_step (kind);

CREATE TABLE coverage_asset (
    asset_id   bigint PRIMARY KEY REFERENCES asset (id),
    media_type text   NOT NULL
);

CREATE TABLE coverage_state (
    asset_id     bigint      NOT NULL REFERENCES coverage_asset (asset_id) ON DELETE CASCADE,
    tool_id      text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('PRODUCED', 'FAILED')),
    tool_version text        NOT NULL,
    params_hash  text        NOT NULL,
    run_id       bigint      NOT NULL REFERENCES run (id),
    error        text,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (asset_id, tool_id),
    CHECK ((status = 'FAILED') = (error IS NOT NULL))
);
CREATE INDEX coverage_state_tool_idx ON coverage_state (tool_id, status, tool_version, params_hash);
CREATE INDEX coverage_state_failed_idx ON coverage_state (tool_id, run_id) WHERE status = 'FAILED';
CREATE INDEX coverage_state_run_idx ON coverage_state (run_id);

CREATE TABLE coverage_tally (
    tool_id      text   NOT NULL,
    status       text   NOT NULL,
    tool_version text   NOT NULL,
    params_hash  text   NOT NULL,
    slot         int    NOT NULL,
    n            bigint NOT NULL,
    PRIMARY KEY (tool_id, status, tool_version, params_hash, slot)
);

CREATE TABLE coverage_media (
    media_type text   NOT NULL,
    slot       int    NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (media_type, slot)
);

-- Production runs: whether everything was asked for, and how many assets of the scope were
-- already current and left alone (issue 12, incremental runs).
ALTER TABLE run
    ADD COLUMN force         boolean NOT NULL DEFAULT false,
    ADD COLUMN units_current bigint  NOT NULL DEFAULT 0 CHECK (units_current >= 0);

-- The version and parameters hash each step of a run works with, written when the run is created;
-- planning leaves out the assets whose every applicable step is already current for these.
CREATE TABLE run_step (
    run_id       bigint NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    tool_id      text   NOT NULL,
    kind         text   NOT NULL,
    tool_version text   NOT NULL,
    params_hash  text   NOT NULL,
    accepted     text[] NOT NULL,
    PRIMARY KEY (run_id, tool_id)
);

-- Whether a media type (without parameters, lower case) matches accepted patterns as
-- dev.darkroom.core.tool.MediaTypeSet does: exact, type/*, or */*.
CREATE FUNCTION coverage_accepts(accepted text[], media_type text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(trim(split_part(media_type, ';', 1))) = ANY(accepted)
      OR split_part(lower(trim(split_part(media_type, ';', 1))), '/', 1) || '/*' = ANY(accepted)
      OR '*/*' = ANY(accepted)
$$;

-- Counter upkeep. One statement's changes are summed first and applied in key order, so two
-- transactions never take counter rows in opposite orders within a statement.
CREATE FUNCTION coverage_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_tally AS t (tool_id, status, tool_version, params_hash, slot, n)
    SELECT tool_id, status, tool_version, params_hash, stripe, count(*)
      FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (tool_id, status, tool_version, params_hash, slot) DO UPDATE SET n = t.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO coverage_tally AS t (tool_id, status, tool_version, params_hash, slot, n)
    SELECT tool_id, status, tool_version, params_hash, stripe, -count(*)
      FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (tool_id, status, tool_version, params_hash, slot) DO UPDATE SET n = t.n + excluded.n;
  ELSE
    INSERT INTO coverage_tally AS t (tool_id, status, tool_version, params_hash, slot, n)
    SELECT tool_id, status, tool_version, params_hash, stripe, sum(d)
      FROM (SELECT tool_id, status, tool_version, params_hash, 1 AS d FROM new_rows
            UNION ALL
            SELECT tool_id, status, tool_version, params_hash, -1 FROM old_rows) c
     GROUP BY 1, 2, 3, 4 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (tool_id, status, tool_version, params_hash, slot) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER coverage_state_insert AFTER INSERT ON coverage_state
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_apply();
CREATE TRIGGER coverage_state_update AFTER UPDATE ON coverage_state
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_apply();
CREATE TRIGGER coverage_state_delete AFTER DELETE ON coverage_state
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_tally_apply();

CREATE FUNCTION coverage_media_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_media AS t (media_type, slot, n)
    SELECT media_type, stripe, count(*) FROM new_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (media_type, slot) DO UPDATE SET n = t.n + excluded.n;
    -- An asset that comes back (a reopened or re-found location) gets its state back from its
    -- newest production artifact per tool; a failure recorded before it went is not kept.
    INSERT INTO coverage_state (asset_id, tool_id, status, tool_version, params_hash, run_id)
    SELECT DISTINCT ON (a.asset_id, l.tool_id)
           a.asset_id, l.tool_id, 'PRODUCED', l.tool_version, l.params_hash, a.run_id
      FROM new_rows n
      JOIN artifact a ON a.asset_id = n.asset_id AND a.expires_at IS NULL
      JOIN lineage l ON l.artifact_id = a.id
      JOIN run r ON r.id = a.run_id AND r.policy = 'PRODUCTION'
     ORDER BY a.asset_id, l.tool_id, a.id DESC
    ON CONFLICT (asset_id, tool_id) DO NOTHING;
  ELSE
    INSERT INTO coverage_media AS t (media_type, slot, n)
    SELECT media_type, stripe, -count(*) FROM old_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (media_type, slot) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER coverage_asset_insert AFTER INSERT ON coverage_asset
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_media_apply();
CREATE TRIGGER coverage_asset_delete AFTER DELETE ON coverage_asset
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_media_apply();

-- Liveness follows asset_location: a location opened (inserted live, or reopened) makes its asset
-- live; closing an asset's last live location (or deleting it) removes the asset from coverage,
-- and with it its per-step state (ON DELETE CASCADE, counted down by the triggers above).
CREATE FUNCTION coverage_liveness_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  gone bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_asset (asset_id, media_type)
    SELECT DISTINCT n.asset_id, a.media_type
      FROM new_rows n JOIN asset a ON a.id = n.asset_id
     WHERE n.gone_at IS NULL
     ORDER BY n.asset_id
    ON CONFLICT (asset_id) DO NOTHING;
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    -- Only rows whose liveness changed: a scan's "seen again" updates cost one join, no lookups.
    INSERT INTO coverage_asset (asset_id, media_type)
    SELECT DISTINCT n.asset_id, a.media_type
      FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN asset a ON a.id = n.asset_id
     WHERE n.gone_at IS NULL AND o.gone_at IS NOT NULL
     ORDER BY n.asset_id
    ON CONFLICT (asset_id) DO NOTHING;
    SELECT array_agg(DISTINCT o.asset_id) INTO gone
      FROM old_rows o JOIN new_rows n ON n.id = o.id
     WHERE o.gone_at IS NULL AND n.gone_at IS NOT NULL;
  ELSE
    SELECT array_agg(DISTINCT o.asset_id) INTO gone FROM old_rows o WHERE o.gone_at IS NULL;
  END IF;
  IF gone IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT array_agg(g) INTO gone FROM unnest(gone) g
   WHERE NOT EXISTS (SELECT 1 FROM asset_location l WHERE l.asset_id = g AND l.gone_at IS NULL);
  IF gone IS NULL THEN
    RETURN NULL;
  END IF;
  -- The state first, so its counters go down through its own trigger (not a cascade).
  DELETE FROM coverage_state WHERE asset_id = ANY(gone);
  DELETE FROM coverage_asset WHERE asset_id = ANY(gone);
  RETURN NULL;
END $$;

CREATE TRIGGER asset_location_coverage_insert AFTER INSERT ON asset_location
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_liveness_apply();
CREATE TRIGGER asset_location_coverage_update AFTER UPDATE ON asset_location
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION coverage_liveness_apply();
CREATE TRIGGER asset_location_coverage_delete AFTER DELETE ON asset_location
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_liveness_apply();

-- What exists already: live assets, then (through the insert trigger) their production state.
INSERT INTO coverage_asset (asset_id, media_type)
SELECT a.id, a.media_type FROM asset a
 WHERE EXISTS (SELECT 1 FROM asset_location l WHERE l.asset_id = a.id AND l.gone_at IS NULL);
