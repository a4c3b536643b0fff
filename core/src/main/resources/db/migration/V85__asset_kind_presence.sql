-- -has:KIND that matches nothing (issue 10, ADR 0025): proving that no live asset lacks a kind was
-- an anti-join over every asset (3-4 s at 1,000,000). These keep, per kind, how many live assets
-- have a permanent artifact of it (expires_at IS NULL: production output, never swept), so the
-- query compiler can gate the anti-join with one comparison of counters:
--   asset_kind        (live asset, kind) for every live asset with >= 1 permanent artifact of kind
--   asset_kind_tally  rows of asset_kind per kind, striped over 16 slots by backend (like V50's)
-- "Every live asset has one" is  sum(asset_kind_tally.n) = sum(coverage_media.n)  for the kind.
-- Expiring (sandbox) artifacts are not counted: they only ever make has: true for a while, so
-- leaving them out can make the gate say "maybe" where "nothing" was true, never the reverse.

CREATE TABLE asset_kind (
    asset_id bigint NOT NULL REFERENCES coverage_asset (asset_id) ON DELETE CASCADE,
    kind     text   NOT NULL,
    PRIMARY KEY (kind, asset_id)
);
CREATE INDEX asset_kind_asset_idx ON asset_kind (asset_id);

CREATE TABLE asset_kind_tally (
    kind text   NOT NULL,
    slot int    NOT NULL,
    n    bigint NOT NULL,
    PRIMARY KEY (kind, slot)
);

CREATE FUNCTION asset_kind_tally_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stripe int := pg_backend_pid() % 16;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO asset_kind_tally AS t (kind, slot, n)
    SELECT kind, stripe, count(*) FROM new_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (kind, slot) DO UPDATE SET n = t.n + excluded.n;
  ELSE
    INSERT INTO asset_kind_tally AS t (kind, slot, n)
    SELECT kind, stripe, -count(*) FROM old_rows GROUP BY 1 ORDER BY 1
    ON CONFLICT (kind, slot) DO UPDATE SET n = t.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER asset_kind_insert AFTER INSERT ON asset_kind
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION asset_kind_tally_apply();
CREATE TRIGGER asset_kind_delete AFTER DELETE ON asset_kind
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION asset_kind_tally_apply();

-- Artifacts: a permanent artifact of a live asset adds its (asset, kind) once (the primary key
-- makes concurrent chunks over one asset count it once); deleting or expiring the last permanent
-- one of a kind removes it.
CREATE FUNCTION asset_kind_artifact_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO asset_kind (asset_id, kind)
    SELECT DISTINCT n.asset_id, n.kind
      FROM new_rows n JOIN coverage_asset c ON c.asset_id = n.asset_id
     WHERE n.expires_at IS NULL
     ORDER BY n.kind, n.asset_id
    ON CONFLICT (kind, asset_id) DO NOTHING;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM asset_kind k
     USING (SELECT DISTINCT asset_id, kind FROM old_rows
             WHERE asset_id IS NOT NULL AND expires_at IS NULL) o
     WHERE k.asset_id = o.asset_id AND k.kind = o.kind
       AND NOT EXISTS (SELECT 1 FROM artifact t
                        WHERE t.asset_id = o.asset_id AND t.kind = o.kind
                          AND t.expires_at IS NULL);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER artifact_asset_kind_insert AFTER INSERT ON artifact
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION asset_kind_artifact_apply();
CREATE TRIGGER artifact_asset_kind_update AFTER UPDATE ON artifact
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION asset_kind_artifact_apply();
CREATE TRIGGER artifact_asset_kind_delete AFTER DELETE ON artifact
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION asset_kind_artifact_apply();

-- Liveness: an asset that becomes live gets its kinds from its permanent artifacts; one that goes
-- loses them in V50's liveness function (replaced below with that one line added), before its
-- coverage_asset row, so the tally moves once per statement rather than once per cascaded row.
CREATE FUNCTION asset_kind_liveness_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO asset_kind (asset_id, kind)
  SELECT DISTINCT t.asset_id, t.kind
    FROM new_rows n JOIN artifact t ON t.asset_id = n.asset_id AND t.expires_at IS NULL
   ORDER BY t.kind, t.asset_id
  ON CONFLICT (kind, asset_id) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER coverage_asset_kind_insert AFTER INSERT ON coverage_asset
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION asset_kind_liveness_apply();

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
  DELETE FROM coverage_state WHERE asset_id = ANY(gone);
  DELETE FROM asset_kind WHERE asset_id = ANY(gone);
  DELETE FROM coverage_asset WHERE asset_id = ANY(gone);
  RETURN NULL;
END $$;

-- What exists already.
INSERT INTO asset_kind (asset_id, kind)
SELECT DISTINCT t.asset_id, t.kind
  FROM artifact t JOIN coverage_asset c ON c.asset_id = t.asset_id
 WHERE t.expires_at IS NULL
 ORDER BY t.kind, t.asset_id;
