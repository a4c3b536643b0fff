-- Dynamic collections keep their members (issue 12, ADR 0034, amends ADR 0029). A dynamic
-- collection whose query asks about more than the media type keeps what its query matches as
-- collection_member rows, so the coverage counters and triggers of V86/V92 (written for static
-- collections) count it unchanged. The rows are kept current by re-evaluating the query for just
-- the assets that changed: every change a query can see records the asset's id in
-- collection_touch in the same transaction, and the server drains that queue in the background
-- (dev.darkroom.core.collection.CollectionMembership).
--
--   membership  NULL     not kept: a static collection (its members are its own), or a dynamic
--                        one answered from the per-media-type counters (type: terms only, ADR 0029)
--               FILLING  the query is being evaluated over every asset, in batches of asset ids;
--                        members above fill_after are not known yet
--               KEPT     every member row is what the query matched when its asset last changed;
--                        current once collection_touch is drained
--   fill_after  FILLING: asset ids up to this one are done (0 at the start)
--   kept_since  KEPT: when the last fill finished

ALTER TABLE collection
    ADD COLUMN membership text CHECK (membership IN ('FILLING', 'KEPT')),
    ADD COLUMN fill_after bigint,
    ADD COLUMN kept_since timestamptz,
    ADD CHECK (membership IS NULL OR kind = 'DYNAMIC'),
    ADD CHECK ((membership = 'FILLING') = (fill_after IS NOT NULL));

-- Every existing dynamic collection is filled once; the server turns those that only ask about the
-- media type back to NULL (their counters already answer them) without evaluating anything.
UPDATE collection SET membership = 'FILLING', fill_after = 0 WHERE kind = 'DYNAMIC';

CREATE INDEX collection_membership_idx ON collection (id) WHERE membership IS NOT NULL;

-- The queue of changed assets. Duplicates are allowed (a writer never waits on another writer's
-- queue row); the drainer takes rows in id order with FOR UPDATE SKIP LOCKED and de-duplicates.
-- No foreign key: the drainer re-evaluates whatever the asset is now, even nothing.
CREATE TABLE collection_touch (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id   bigint      NOT NULL,
    touched_at timestamptz NOT NULL DEFAULT now()
);

-- has: reads "unexpired": an artifact expiring changes what a query matches without any row
-- changing. The drainer enqueues the assets of artifacts whose expires_at passed since
-- expired_through (artifact_expires_idx of V1 serves it) and moves the mark.
CREATE TABLE collection_touch_clock (
    only_row        boolean     PRIMARY KEY DEFAULT true CHECK (only_row),
    expired_through timestamptz NOT NULL
);
INSERT INTO collection_touch_clock (expired_through) VALUES (now());

-- Whether anything keeps members: without a kept dynamic collection no change is queued, so an
-- archive without such collections pays one index probe per statement and nothing more.
CREATE FUNCTION collection_touch_wanted() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM collection WHERE membership IS NOT NULL)
$$;

-- INSERT and DELETE of tables with an asset_id column (asset_location, artifact, coverage_state).
CREATE FUNCTION collection_touch_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT collection_touch_wanted() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO collection_touch (asset_id)
    SELECT DISTINCT asset_id FROM new_rows WHERE asset_id IS NOT NULL;
  ELSE
    INSERT INTO collection_touch (asset_id)
    SELECT DISTINCT asset_id FROM old_rows WHERE asset_id IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;

-- The asset's own columns a query reads. A rescan's ON CONFLICT ... SET updated_at changes none of
-- them and queues nothing.
CREATE FUNCTION collection_touch_asset_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT collection_touch_wanted() THEN
    RETURN NULL;
  END IF;
  INSERT INTO collection_touch (asset_id)
  SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
   WHERE (n.media_type, n.captured_at, n.camera_make, n.camera_model, n.size_bytes, n.sha256)
         IS DISTINCT FROM
         (o.media_type, o.captured_at, o.camera_make, o.camera_model, o.size_bytes, o.sha256);
  RETURN NULL;
END $$;

-- A location's asset, path, root or liveness (not the time it went, nor the scans that saw it).
CREATE FUNCTION collection_touch_location_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT collection_touch_wanted() THEN
    RETURN NULL;
  END IF;
  INSERT INTO collection_touch (asset_id)
  SELECT DISTINCT x.asset_id FROM (
         SELECT n.asset_id, o.asset_id AS old_asset_id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.asset_id, n.root_id, n.rel_path, n.gone_at IS NULL)
                IS DISTINCT FROM (o.asset_id, o.root_id, o.rel_path, o.gone_at IS NULL)) c
   CROSS JOIN LATERAL (VALUES (c.asset_id), (c.old_asset_id)) AS x(asset_id);
  RETURN NULL;
END $$;

-- An artifact's asset, kind or expiry.
CREATE FUNCTION collection_touch_artifact_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT collection_touch_wanted() THEN
    RETURN NULL;
  END IF;
  INSERT INTO collection_touch (asset_id)
  SELECT DISTINCT x.asset_id FROM (
         SELECT n.asset_id, o.asset_id AS old_asset_id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.asset_id, n.kind, n.expires_at) IS DISTINCT FROM (o.asset_id, o.kind, o.expires_at)) c
   CROSS JOIN LATERAL (VALUES (c.asset_id), (c.old_asset_id)) AS x(asset_id)
   WHERE x.asset_id IS NOT NULL;
  RETURN NULL;
END $$;

-- A coverage state's status, version or parameters (current:, stale:, failed:, missing:).
CREATE FUNCTION collection_touch_state_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT collection_touch_wanted() THEN
    RETURN NULL;
  END IF;
  INSERT INTO collection_touch (asset_id)
  SELECT DISTINCT n.asset_id FROM new_rows n JOIN old_rows o
         ON o.asset_id = n.asset_id AND o.tool_id = n.tool_id
   WHERE (n.status, n.tool_version, n.params_hash)
         IS DISTINCT FROM (o.status, o.tool_version, o.params_hash);
  RETURN NULL;
END $$;

-- A static collection's members (collection: terms). Dynamic collections' own member rows, which
-- the drainer writes, queue nothing.
CREATE FUNCTION collection_touch_static_member() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT collection_touch_wanted() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO collection_touch (asset_id)
    SELECT DISTINCT r.asset_id FROM new_rows r
      JOIN collection c ON c.id = r.collection_id AND c.kind = 'STATIC';
  ELSE
    INSERT INTO collection_touch (asset_id)
    SELECT DISTINCT r.asset_id FROM old_rows r
      JOIN collection c ON c.id = r.collection_id AND c.kind = 'STATIC';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER asset_collection_touch_update AFTER UPDATE ON asset
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_asset_update();

CREATE TRIGGER asset_location_collection_touch_insert AFTER INSERT ON asset_location
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_rows();
CREATE TRIGGER asset_location_collection_touch_update AFTER UPDATE ON asset_location
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_location_update();
CREATE TRIGGER asset_location_collection_touch_delete AFTER DELETE ON asset_location
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_rows();

CREATE TRIGGER artifact_collection_touch_insert AFTER INSERT ON artifact
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_rows();
CREATE TRIGGER artifact_collection_touch_update AFTER UPDATE ON artifact
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_artifact_update();
CREATE TRIGGER artifact_collection_touch_delete AFTER DELETE ON artifact
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_rows();

CREATE TRIGGER coverage_state_collection_touch_insert AFTER INSERT ON coverage_state
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_rows();
CREATE TRIGGER coverage_state_collection_touch_update AFTER UPDATE ON coverage_state
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_state_update();
CREATE TRIGGER coverage_state_collection_touch_delete AFTER DELETE ON coverage_state
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_rows();

CREATE TRIGGER collection_member_collection_touch_insert AFTER INSERT ON collection_member
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_static_member();
CREATE TRIGGER collection_member_collection_touch_delete AFTER DELETE ON collection_member
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_touch_static_member();

-- member_count of a dynamic collection stays ADR 0027's cached count of its query: its kept member
-- rows must not add deltas to it.
CREATE OR REPLACE FUNCTION collection_member_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE collection c SET member_count = c.member_count + d.n
      FROM (SELECT collection_id, count(*) AS n FROM new_rows GROUP BY 1) d
     WHERE c.id = d.collection_id AND c.kind = 'STATIC';
  ELSE
    UPDATE collection c SET member_count = c.member_count - d.n
      FROM (SELECT collection_id, count(*) AS n FROM old_rows GROUP BY 1) d
     WHERE c.id = d.collection_id AND c.kind = 'STATIC';
  END IF;
  RETURN NULL;
END $$;
