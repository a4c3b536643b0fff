-- A run's failed units in unit_key order (the run page's "Failed units", GET /api/runs/{id}/failures
-- and rerun-failed), first page without reading every failed unit (issue 10): the only index with
-- run_id and status, run_unit_status_idx, is ordered by updated_at, so each page fetched and sorted
-- all of a run's failed units (10,000 at 1M assets with 1 % failed) to return 50. Partial: only
-- failed rows are in it, so chunks that mark units done do not maintain it.
CREATE INDEX run_unit_failed_key_idx ON run_unit (run_id, unit_key) WHERE status = 'FAILED';
