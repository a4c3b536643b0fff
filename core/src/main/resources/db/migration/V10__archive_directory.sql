-- An unchanged file costs a scan no write (ADR 0004). Instead of stamping last_seen_scan on every
-- live asset_location row, a scan records each directory it has listed completely: every entry of
-- that directory has been handed to the catalog, and every live location there whose name was not
-- in the listing has been closed. A live location in a directory listed by scan S was therefore
-- seen by S. One row per directory, overwritten by each scan that lists it, so the table grows with
-- the archive's directories, not with the number of scans.
--
-- asset_location.last_seen_scan is now written only with the row itself (new or re-hashed) and
-- when the location is closed; the V1 note about every rescan touching every live row no longer
-- holds.
CREATE TABLE archive_directory (
    root_id      bigint NOT NULL REFERENCES archive_root (id),
    -- Relative path of the directory, '' for the root: the form of asset_location.parent_path.
    rel_path     text   NOT NULL CHECK (rel_path NOT LIKE '/%'),
    -- The last scan that listed it completely.
    last_scan_id bigint NOT NULL REFERENCES scan (id),
    PRIMARY KEY (root_id, rel_path)
);
-- The report's totals and mark-gone join on the directories one scan listed.
CREATE INDEX archive_directory_last_scan_idx ON archive_directory (last_scan_id);
