-- Darkroom's truth layer. See docs/architecture.md for the model; every status column is checked,
-- every relation is a foreign key, and content identity (SHA-256) is unique.

-- An archive root is a named, read-only mount. Locations are relative to it, so a root can be
-- remounted elsewhere without rewriting path history.
CREATE TABLE archive_root (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    path        text        NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One original file, identified by its content.
CREATE TABLE asset (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256          text        NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes      bigint      NOT NULL CHECK (size_bytes >= 0),
    media_type      text        NOT NULL,
    width           integer     CHECK (width > 0),
    height          integer     CHECK (height > 0),
    duration_ms     bigint      CHECK (duration_ms >= 0),
    captured_at     timestamptz,
    camera_make     text,
    camera_model    text,
    lens            text,
    gps_latitude    double precision CHECK (gps_latitude BETWEEN -90 AND 90),
    gps_longitude   double precision CHECK (gps_longitude BETWEEN -180 AND 180),
    orientation     smallint    CHECK (orientation BETWEEN 1 AND 8),
    metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    first_scan_id   bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX asset_captured_at_idx ON asset (captured_at, id);
CREATE INDEX asset_media_type_idx ON asset (media_type, id);
CREATE INDEX asset_camera_idx ON asset (camera_model, id) WHERE camera_model IS NOT NULL;

-- A catalog scan: its report lives here and in scan_problem.
CREATE TABLE scan (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status          text        NOT NULL DEFAULT 'RUNNING'
                    CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'STOPPED')),
    full_rescan     boolean     NOT NULL DEFAULT false,
    roots           text[]      NOT NULL,
    -- Report totals, computed from asset_location/scan_problem when the scan finishes.
    files_seen      bigint      NOT NULL DEFAULT 0,
    files_hashed    bigint      NOT NULL DEFAULT 0,
    bytes_hashed    bigint      NOT NULL DEFAULT 0,
    assets_new      bigint      NOT NULL DEFAULT 0,
    locations_new   bigint      NOT NULL DEFAULT 0,
    files_changed   bigint      NOT NULL DEFAULT 0,
    files_moved     bigint      NOT NULL DEFAULT 0,
    files_unchanged bigint      NOT NULL DEFAULT 0,
    files_gone      bigint      NOT NULL DEFAULT 0,
    problems        bigint      NOT NULL DEFAULT 0,
    job_execution_id bigint,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    error           text
);

-- Where an asset was seen. Path history, never identity: a moved file is the same asset.
CREATE TABLE asset_location (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    asset_id        bigint      NOT NULL REFERENCES asset (id),
    root_id         bigint      NOT NULL REFERENCES archive_root (id),
    rel_path        text        NOT NULL CHECK (rel_path <> '' AND rel_path NOT LIKE '/%'),
    parent_path     text        NOT NULL,
    size_bytes      bigint      NOT NULL CHECK (size_bytes >= 0),
    mtime           timestamptz NOT NULL,
    first_seen_at   timestamptz NOT NULL DEFAULT now(),
    first_seen_scan bigint      REFERENCES scan (id),
    last_seen_scan  bigint      REFERENCES scan (id),
    hashed_scan     bigint      REFERENCES scan (id),
    gone_at         timestamptz,
    gone_scan       bigint      REFERENCES scan (id),
    gone_reason     text        CHECK (gone_reason IN ('VANISHED', 'CHANGED')),
    CHECK ((gone_at IS NULL) = (gone_reason IS NULL))
) WITH (fillfactor = 85);
-- A rescan touches every live row (last_seen_scan). No index covers last_seen_scan and the table
-- keeps free space per page, so those updates are heap-only (HOT): no index churn per file.
-- At most one live location per path; closed (gone) locations are kept as history.
CREATE UNIQUE INDEX asset_location_live_path_uq ON asset_location (root_id, rel_path) WHERE gone_at IS NULL;
CREATE INDEX asset_location_dir_idx ON asset_location (root_id, parent_path) WHERE gone_at IS NULL;
CREATE INDEX asset_location_asset_idx ON asset_location (asset_id);
CREATE INDEX asset_location_path_prefix_idx ON asset_location (rel_path text_pattern_ops);
-- The scan report is derived from these (restart-safe: no counters to double-increment).
CREATE INDEX asset_location_first_scan_idx ON asset_location (first_seen_scan);
CREATE INDEX asset_location_hashed_scan_idx ON asset_location (hashed_scan);
CREATE INDEX asset_location_gone_scan_idx ON asset_location (gone_scan);
ALTER TABLE asset ADD CONSTRAINT asset_first_scan_fk FOREIGN KEY (first_scan_id) REFERENCES scan (id);
CREATE INDEX asset_first_scan_idx ON asset (first_scan_id);

CREATE TABLE scan_problem (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scan_id     bigint      NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    root_id     bigint      REFERENCES archive_root (id),
    rel_path    text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('EMPTY_FILE', 'UNREADABLE', 'VANISHED', 'SYMLINK_LOOP',
                                'SYMLINK_OUTSIDE_ROOT', 'NOT_UTF8_NAME', 'SPECIAL_FILE', 'TOO_DEEP',
                                'UNREADABLE_DIRECTORY', 'CORRUPT_CONTENT', 'IO_ERROR')),
    message     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (scan_id, root_id, rel_path, kind)
);

-- A collection is static (explicit members) or dynamic (a saved query).
CREATE TABLE collection (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    kind        text        NOT NULL CHECK (kind IN ('STATIC', 'DYNAMIC')),
    query       text,
    description text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'DYNAMIC') = (query IS NOT NULL))
);

CREATE TABLE collection_member (
    collection_id bigint NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    asset_id      bigint NOT NULL REFERENCES asset (id),
    added_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, asset_id)
);
CREATE INDEX collection_member_asset_idx ON collection_member (asset_id);

-- One execution of a pipeline over a collection.
CREATE TABLE run (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pipeline_id      text        NOT NULL,
    pipeline_version text        NOT NULL,
    collection_id    bigint      REFERENCES collection (id),
    collection_query text,
    policy           text        NOT NULL CHECK (policy IN ('SANDBOX', 'PRODUCTION')),
    parameters       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    tool_versions    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status           text        NOT NULL DEFAULT 'PENDING'
                     CHECK (status IN ('PENDING', 'PLANNING', 'RUNNING', 'PAUSED', 'COMPLETED',
                                       'COMPLETED_WITH_FAILURES', 'FAILED', 'CANCELLED')),
    rerun_of         bigint      REFERENCES run (id),
    requested_by     text        NOT NULL,
    workflow_id      text        UNIQUE,
    units_total      bigint      NOT NULL DEFAULT 0,
    units_done       bigint      NOT NULL DEFAULT 0,
    units_failed     bigint      NOT NULL DEFAULT 0,
    units_skipped    bigint      NOT NULL DEFAULT 0,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz
);
CREATE INDEX run_status_idx ON run (status, created_at DESC);
CREATE INDEX run_created_idx ON run (created_at DESC, id DESC);

-- A slice of a run's units executed as one Spring Batch job instance.
CREATE TABLE run_partition (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id             bigint      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    partition_no       integer     NOT NULL CHECK (partition_no >= 0),
    launcher           text,
    status             text        NOT NULL DEFAULT 'PENDING'
                       CHECK (status IN ('PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'COMPLETED', 'FAILED', 'CANCELLED')),
    units_total        bigint      NOT NULL DEFAULT 0 CHECK (units_total >= 0),
    job_instance_id    bigint,
    job_execution_ids  bigint[]    NOT NULL DEFAULT '{}',
    worker             text,
    last_error         text,
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (run_id, partition_no)
);

-- Coverage: one row per (run, unit).
CREATE TABLE run_unit (
    run_id          bigint      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    unit_key        text        NOT NULL,
    asset_id        bigint      NOT NULL REFERENCES asset (id),
    segment         text,
    partition_no    integer     NOT NULL,
    status          text        NOT NULL DEFAULT 'PENDING'
                    CHECK (status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED', 'SKIPPED')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    error           text,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, unit_key)
);
CREATE INDEX run_unit_partition_idx ON run_unit (run_id, partition_no, status, unit_key);
CREATE INDEX run_unit_status_idx ON run_unit (run_id, status, updated_at DESC);
CREATE INDEX run_unit_asset_idx ON run_unit (asset_id);

-- One derived output, stored content-addressed in the ArtifactStore (or inline when tiny).
CREATE TABLE artifact (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text        NOT NULL,
    asset_id      bigint      REFERENCES asset (id),
    run_id        bigint      NOT NULL REFERENCES run (id),
    unit_key      text,
    storage_key   text,
    sha256        text        CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes    bigint      CHECK (size_bytes >= 0),
    media_type    text,
    inline_value  jsonb,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz,
    CHECK (storage_key IS NOT NULL OR inline_value IS NOT NULL),
    -- Idempotent writes: a redone chunk cannot produce a second artifact of one kind for one unit.
    UNIQUE (run_id, unit_key, kind)
);
CREATE INDEX artifact_asset_kind_idx ON artifact (asset_id, kind);
CREATE INDEX artifact_kind_asset_idx ON artifact (kind, asset_id);
CREATE INDEX artifact_storage_key_idx ON artifact (storage_key) WHERE storage_key IS NOT NULL;
CREATE INDEX artifact_expires_idx ON artifact (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX artifact_run_idx ON artifact (run_id, id);

-- Why an artifact exists: run, tool, version and canonical parameters.
CREATE TABLE lineage (
    artifact_id   bigint      PRIMARY KEY REFERENCES artifact (id) ON DELETE CASCADE,
    run_id        bigint      NOT NULL REFERENCES run (id),
    tool_id       text        NOT NULL,
    tool_version  text        NOT NULL,
    parameters    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    params_hash   text        NOT NULL CHECK (params_hash ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lineage_tool_idx ON lineage (tool_id, tool_version);

CREATE TABLE lineage_input (
    artifact_id        bigint NOT NULL REFERENCES lineage (artifact_id) ON DELETE CASCADE,
    input_artifact_id  bigint NOT NULL REFERENCES artifact (id),
    PRIMARY KEY (artifact_id, input_artifact_id)
);
CREATE INDEX lineage_input_input_idx ON lineage_input (input_artifact_id);
