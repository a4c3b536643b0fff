-- Run policies and the pipeline reader's index (issue 4).

-- The policy's parameters, next to run.policy (SANDBOX | PRODUCTION). A sandbox samples either a
-- count or a fraction of the collection, deterministically for its seed.
ALTER TABLE run
    ADD COLUMN sample_count      integer          CHECK (sample_count > 0),
    ADD COLUMN sample_fraction   double precision CHECK (sample_fraction > 0 AND sample_fraction <= 1),
    ADD COLUMN sample_seed       bigint,
    ADD COLUMN thumbnail_size    integer          CHECK (thumbnail_size > 0),
    ADD COLUMN artifact_ttl_secs bigint           CHECK (artifact_ttl_secs > 0),
    ADD CONSTRAINT run_sample_one_of CHECK (sample_count IS NULL OR sample_fraction IS NULL),
    ADD CONSTRAINT run_sandbox_samples CHECK (
        policy = 'SANDBOX' OR (sample_count IS NULL AND sample_fraction IS NULL
                               AND artifact_ttl_secs IS NULL)),
    -- One scope at most: a collection, a query, or the failed units of an earlier run; none = all.
    ADD CONSTRAINT run_one_scope CHECK (
        (collection_id IS NOT NULL)::int + (collection_query IS NOT NULL)::int
        + (rerun_of IS NOT NULL)::int <= 1);

-- The pipeline reader asks for a partition's unfinished units in key order after a key; this
-- index answers it without sorting, and shrinks as units finish.
CREATE INDEX run_unit_unfinished_idx ON run_unit (run_id, partition_no, unit_key)
    WHERE status IN ('PENDING', 'RUNNING');
