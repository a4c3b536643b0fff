-- Mass "gone" needs proof (issue 9). A scan no longer closes a location the moment its directory
-- finishes listing without it: the location waits here until the walk of its root is complete,
-- and mark-gone then knows how many of the root's live locations the scan would close in all.
-- Over darkroom.scan.max-gone-share (and more than darkroom.scan.max-gone-floor) it refuses and
-- closes none of them, unless the scan was started with allow-mass-gone. Rows are written in the
-- chunk transaction that carries the directory's listing, so a restarted scan keeps them; they are
-- deleted when they are applied.
CREATE TABLE scan_vanished (
    scan_id        bigint NOT NULL REFERENCES scan (id) ON DELETE CASCADE,
    location_id    bigint NOT NULL REFERENCES asset_location (id),
    root_id        bigint NOT NULL REFERENCES archive_root (id),
    -- The location's "last seen" when it is closed: its directory's listing before this scan
    -- (which overwrites archive_directory in the same chunk).
    last_seen_scan bigint REFERENCES scan (id),
    PRIMARY KEY (scan_id, location_id)
);

-- Files that come back at the same path, size and mtime reopen their closed location (no
-- re-hash); the scan looks closed locations up by directory, as it does live ones.
CREATE INDEX asset_location_gone_dir_idx ON asset_location (root_id, parent_path)
    WHERE gone_at IS NOT NULL;
