-- has: and -has: terms (issue 10): EXISTS / NOT EXISTS (SELECT 1 FROM artifact t WHERE
-- t.asset_id = a.id AND t.kind = ? AND (t.expires_at IS NULL OR t.expires_at > now())).
-- With expires_at outside the indexes every probe fetched the artifact row from the heap; a query
-- that matches nothing (-has:phash when every asset has one) paid a heap fetch per asset. With
-- expires_at included, both the per-asset probe (asset_id, kind) and the merge over one kind's
-- assets in id order (kind, asset_id) are index-only. Same keys as V1's indexes, which they replace.
DROP INDEX artifact_asset_kind_idx;
CREATE INDEX artifact_asset_kind_idx ON artifact (asset_id, kind) INCLUDE (expires_at);
DROP INDEX artifact_kind_asset_idx;
CREATE INDEX artifact_kind_asset_idx ON artifact (kind, asset_id) INCLUDE (expires_at);

-- type:image compiles to media_type ~>=~ 'image/' AND media_type ~<~ 'image0' (byte-wise, as path:
-- prefixes do): this index serves it in generic plans, so a type no asset has answers at once.
CREATE INDEX asset_media_type_prefix_idx ON asset (media_type text_pattern_ops, id);
