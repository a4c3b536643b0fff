-- Collection sizes without counting on demand (issue 10, ADR 0027). The collection list counted
-- every collection when asked: a static one's member rows (O(members)) and a dynamic one by running
-- its query over the whole catalog (about a second per dynamic collection at 1M assets).
--
--   member_count  STATIC:  its collection_member rows, kept by the triggers below in the same
--                          transaction as the membership change (exact, always current)
--                 DYNAMIC: what its query matched at counted_at (a cached count, refreshed in the
--                          background by the server when older than its maximum age)
--   counted_at    DYNAMIC: when member_count was counted; NULL until the first count
--                 STATIC:  NULL (its count is never stale)

ALTER TABLE collection
    ADD COLUMN member_count bigint NOT NULL DEFAULT 0,
    ADD COLUMN counted_at   timestamptz;

UPDATE collection c
   SET member_count = (SELECT count(*) FROM collection_member m WHERE m.collection_id = c.id)
 WHERE c.kind = 'STATIC';

-- One delta per collection per statement. A collection being deleted has no row left to update
-- (its members go by cascade after it), so nothing happens for it. The update takes the row's
-- NO KEY UPDATE lock, which does not conflict with the KEY SHARE lock the members' foreign keys
-- take, so concurrent membership edits of one collection queue on this row only briefly.
CREATE FUNCTION collection_member_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE collection c SET member_count = c.member_count + d.n
      FROM (SELECT collection_id, count(*) AS n FROM new_rows GROUP BY 1) d
     WHERE c.id = d.collection_id;
  ELSE
    UPDATE collection c SET member_count = c.member_count - d.n
      FROM (SELECT collection_id, count(*) AS n FROM old_rows GROUP BY 1) d
     WHERE c.id = d.collection_id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER collection_member_count_insert AFTER INSERT ON collection_member
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_member_count_apply();
CREATE TRIGGER collection_member_count_delete AFTER DELETE ON collection_member
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION collection_member_count_apply();

-- The refresher picks the dynamic collections whose count is missing or oldest first.
CREATE INDEX collection_dynamic_counted_at ON collection (counted_at NULLS FIRST)
    WHERE kind = 'DYNAMIC';
