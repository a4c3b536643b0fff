-- An asset that goes and comes back keeps its coverage (issue 12 follow-up): until now its state
-- rows were deleted when its last live location closed, and rebuilt on return from its production
-- artifacts only, so a recorded failure (status FAILED, its reason and run) was lost and the asset
-- came back "missing". Now the rows are kept aside while the asset is gone and restored as they
-- were when it returns. Gone assets stay out of every count: this table has no counters.

CREATE TABLE coverage_state_gone (
    asset_id     bigint      NOT NULL REFERENCES asset (id),
    tool_id      text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('PRODUCED', 'FAILED')),
    tool_version text        NOT NULL,
    params_hash  text        NOT NULL,
    run_id       bigint      NOT NULL REFERENCES run (id),
    error        text,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (asset_id, tool_id)
);
CREATE INDEX coverage_state_gone_run_idx ON coverage_state_gone (run_id);

CREATE OR REPLACE FUNCTION coverage_liveness_apply() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- The state and kinds first, so their counters go down through their own triggers, once per
  -- statement (not a cascade per asset).
  -- Kept aside, so the asset finds its last attempts (failures and their reasons too) if it
  -- comes back.
  INSERT INTO coverage_state_gone AS g (asset_id, tool_id, status, tool_version, params_hash,
                                        run_id, error, updated_at)
  SELECT asset_id, tool_id, status, tool_version, params_hash, run_id, error, updated_at
    FROM coverage_state WHERE asset_id = ANY(gone)
   ORDER BY asset_id, tool_id
  ON CONFLICT (asset_id, tool_id) DO UPDATE
     SET status = excluded.status, tool_version = excluded.tool_version,
         params_hash = excluded.params_hash, run_id = excluded.run_id, error = excluded.error,
         updated_at = excluded.updated_at;
  DELETE FROM coverage_state WHERE asset_id = ANY(gone);
  DELETE FROM asset_kind WHERE asset_id = ANY(gone);
  DELETE FROM coverage_asset WHERE asset_id = ANY(gone);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION coverage_media_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO coverage_media AS t (media_type, slot, n)
    SELECT media_type, stripe, count(*) FROM new_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (media_type, slot) DO UPDATE SET n = t.n + excluded.n;
    -- An asset that comes back (a reopened or re-found location) gets back the state it had when
    -- it went, failures and their reasons included (V87); for a tool with none kept (an asset that
    -- went before V87), its state is rebuilt from its newest production artifact.
    WITH back AS (
      DELETE FROM coverage_state_gone g USING new_rows n WHERE g.asset_id = n.asset_id
      RETURNING g.*)
    INSERT INTO coverage_state (asset_id, tool_id, status, tool_version, params_hash, run_id,
                                error, updated_at)
    SELECT asset_id, tool_id, status, tool_version, params_hash, run_id, error, updated_at
      FROM back ORDER BY asset_id, tool_id
    ON CONFLICT (asset_id, tool_id) DO NOTHING;
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

