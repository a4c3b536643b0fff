-- Cross-run reuse of stored artifacts (ADR 0036): "the newest artifact of this asset and kind whose
-- lineage matches" walks the asset's artifacts of the kind backwards by id and stops at the first
-- matches. With id in the key the scan is ordered and needs no sort, however many runs made the
-- kind for the asset. It replaces the (asset_id, kind) index (V61), whose every use it serves
-- (same leading columns, expires_at still included for index-only has: probes).
DROP INDEX artifact_asset_kind_idx;
CREATE INDEX artifact_asset_kind_idx ON artifact (asset_id, kind, id) INCLUDE (expires_at);
