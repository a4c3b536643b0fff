-- Why a FAILED run failed, in one line a person can act on (a partition's error, or the one
-- reason every failed unit shares); beside run.error, which holds the completeness report.
ALTER TABLE run ADD COLUMN failure_reason text;
