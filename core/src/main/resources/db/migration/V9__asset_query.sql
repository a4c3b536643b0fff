-- Indexes for the asset query language (docs/query-language.md, dev.darkroom.core.query).
--
-- Already served by V1: type: (asset_media_type_idx), taken: (asset_captured_at_idx), sha:
-- (the unique index on sha256), has: (artifact_kind_asset_idx), path: prefixes
-- (asset_location_path_prefix_idx, text_pattern_ops, used through the ~>=~ / ~<~ operators).
--
-- Free words match a live location's file name and camera: matches make or model, both as
-- case-insensitive substrings (LIKE '%word%'). A B-tree cannot serve those; a trigram index can.
-- pg_trgm ships with PostgreSQL's contrib package and is a trusted extension (PostgreSQL 13+), so a
-- database owner may create it. Where it is missing or refused, the queries still work, by scanning;
-- the notice says so and installing contrib + rerunning these statements adds the indexes later.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    RAISE NOTICE 'pg_trgm is not available: file-name and camera search will scan instead of using an index';
    RETURN;
  END IF;
  BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'no privilege to create pg_trgm: file-name and camera search will scan instead of using an index';
    RETURN;
  END;
  EXECUTE $sql$
    CREATE INDEX asset_location_live_name_trgm_idx ON asset_location
      USING gin (lower(regexp_replace(rel_path, '^.*/', '')) gin_trgm_ops)
      WHERE gone_at IS NULL
  $sql$;
  EXECUTE $sql$
    CREATE INDEX asset_camera_trgm_idx ON asset
      USING gin (lower(coalesce(camera_make, '') || ' ' || coalesce(camera_model, '')) gin_trgm_ops)
  $sql$;
END $$;
