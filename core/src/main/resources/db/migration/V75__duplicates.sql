-- Near-duplicate clusters (issue 13, docs/duplicates.md, ADR 0021). The aggregate step of the
-- duplicates pipeline keeps a persistent index of perceptual hashes: a rerun after new assets
-- merges only the new members into the clusters already there.

-- One index per (scope, threshold, phash tool version). Production runs share the catalog's
-- index (scope 'catalog'); a sandbox run gets its own ('run:<id>'), since its hashes expire.
CREATE TABLE duplicate_index (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope          text        NOT NULL,
    threshold      int         NOT NULL CHECK (threshold BETWEEN 0 AND 32),
    phash_version  text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (scope, threshold, phash_version)
);

-- One row per hashed asset. cluster_id is its union-find label: the smallest asset id of its
-- cluster (its own id while alone). merged_by_run: the run whose aggregate searched its neighbours
-- and united them, null while pending; the aggregate's progress, committed per hash bucket (the
-- hash's top 8 bits).
CREATE TABLE duplicate_member (
    index_id           bigint  NOT NULL REFERENCES duplicate_index (id) ON DELETE CASCADE,
    asset_id           bigint  NOT NULL REFERENCES asset (id),
    phash_artifact_id  bigint  NOT NULL REFERENCES artifact (id) ON DELETE CASCADE,
    hash               bigint  NOT NULL,
    bucket             int     NOT NULL CHECK (bucket BETWEEN 0 AND 255),
    cluster_id         bigint  NOT NULL,
    added_by_run       bigint  NOT NULL REFERENCES run (id),
    merged_by_run      bigint  REFERENCES run (id),
    PRIMARY KEY (index_id, asset_id)
);
CREATE INDEX duplicate_member_cluster_idx ON duplicate_member (index_id, cluster_id);
CREATE INDEX duplicate_member_pending_idx ON duplicate_member (index_id, bucket)
    WHERE merged_by_run IS NULL;
CREATE INDEX duplicate_member_merged_idx ON duplicate_member (merged_by_run, cluster_id);
CREATE INDEX duplicate_member_added_idx ON duplicate_member (added_by_run);
CREATE INDEX duplicate_member_artifact_idx ON duplicate_member (phash_artifact_id);

-- The clusters of two or more members, each with its current cluster artifact.
CREATE TABLE duplicate_cluster (
    index_id     bigint      NOT NULL REFERENCES duplicate_index (id) ON DELETE CASCADE,
    cluster_id   bigint      NOT NULL,
    members      int         NOT NULL CHECK (members >= 2),
    artifact_id  bigint      REFERENCES artifact (id) ON DELETE SET NULL,
    run_id       bigint      NOT NULL REFERENCES run (id),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (index_id, cluster_id)
);

-- One row per run and aggregate step: what it did so far, committed with the work.
CREATE TABLE aggregate_step (
    run_id            bigint      NOT NULL REFERENCES run (id),
    step              text        NOT NULL,
    index_id          bigint      REFERENCES duplicate_index (id) ON DELETE SET NULL,
    status            text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    launches          int         NOT NULL DEFAULT 0,
    members_added     bigint      NOT NULL DEFAULT 0,
    members_merged    bigint      NOT NULL DEFAULT 0,
    buckets_done      int         NOT NULL DEFAULT 0,
    clusters_written  bigint      NOT NULL DEFAULT 0,
    error             text,
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    PRIMARY KEY (run_id, step)
);
