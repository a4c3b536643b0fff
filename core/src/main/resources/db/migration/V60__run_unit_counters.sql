-- Unit counters beside run_unit (issue 10, ADR 0016): status views read these, never a GROUP BY
-- over a run's units, so a run of a million units answers as fast as a run of ten.
--
-- Kept by statement-level triggers on run_unit, in the transaction (and the statement) that
-- changes the units: a chunk's FINISH, planning's snapshot INSERT, and any later writer, in this
-- process or a worker's. Each trigger turns the statement's transition tables into signed deltas
-- (-1 for every old row, +1 for every new one; unchanged rows cancel) and adds them up per
-- partition, so the counters always equal a recount of run_unit:
--   run_partition_counts  = SELECT run_id, partition_no, status, count(*) ... GROUP BY
--   run_finished_second   = the finished units (DONE, FAILED, SKIPPED) per second of updated_at
-- Rows are per partition: partitions commit concurrently and never wait on each other's row.
-- A run's totals are the sum over its partitions (a few hundred rows at most).

CREATE TABLE run_partition_counts (
    run_id       bigint  NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    partition_no integer NOT NULL,
    pending      bigint  NOT NULL DEFAULT 0,
    running      bigint  NOT NULL DEFAULT 0,
    done         bigint  NOT NULL DEFAULT 0,
    failed       bigint  NOT NULL DEFAULT 0,
    skipped      bigint  NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, partition_no)
);

-- Throughput for the run page's chart and the last minute's pace: the cost of reading it grows
-- with the run's duration times its concurrent partitions, never with its units.
CREATE TABLE run_finished_second (
    run_id       bigint      NOT NULL REFERENCES run (id) ON DELETE CASCADE,
    second       timestamptz NOT NULL,
    partition_no integer     NOT NULL,
    units        bigint      NOT NULL,
    PRIMARY KEY (run_id, second, partition_no)
);

-- One function for the three triggers below; each branch reads the transition tables its event
-- has (INSERT: new rows, UPDATE: old and new, DELETE: old). Upserts go in key order, so statements
-- touching several partitions take their row locks in one order and cannot deadlock each other.
-- On DELETE (only a run's deletion removes units, and its counter rows go by cascade) existing
-- rows are updated and none is created.
CREATE FUNCTION run_unit_count_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH d AS (SELECT run_id, partition_no, status, date_trunc('second', updated_at) AS second, 1 AS sign FROM new_units),
    counts AS (
      SELECT run_id, partition_no,
             coalesce(sum(sign) FILTER (WHERE status = 'PENDING'), 0) AS pending,
             coalesce(sum(sign) FILTER (WHERE status = 'RUNNING'), 0) AS running,
             coalesce(sum(sign) FILTER (WHERE status = 'DONE'), 0) AS done,
             coalesce(sum(sign) FILTER (WHERE status = 'FAILED'), 0) AS failed,
             coalesce(sum(sign) FILTER (WHERE status = 'SKIPPED'), 0) AS skipped
        FROM d GROUP BY run_id, partition_no),
    seconds AS (
      INSERT INTO run_finished_second AS s (run_id, second, partition_no, units)
      SELECT run_id, second, partition_no, sum(sign)
        FROM d
       WHERE status IN ('DONE', 'FAILED', 'SKIPPED')
       GROUP BY run_id, second, partition_no
      HAVING sum(sign) <> 0
       ORDER BY run_id, second, partition_no
      ON CONFLICT (run_id, second, partition_no) DO UPDATE SET units = s.units + excluded.units)
    INSERT INTO run_partition_counts AS c (run_id, partition_no, pending, running, done, failed,
                                           skipped)
    SELECT * FROM counts
     WHERE (pending, running, done, failed, skipped) <> (0, 0, 0, 0, 0)
     ORDER BY run_id, partition_no
    ON CONFLICT (run_id, partition_no) DO UPDATE
       SET pending = c.pending + excluded.pending, running = c.running + excluded.running,
           done = c.done + excluded.done, failed = c.failed + excluded.failed,
           skipped = c.skipped + excluded.skipped;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH d AS (SELECT run_id, partition_no, status, date_trunc('second', updated_at) AS second, -1 AS sign FROM old_units
              UNION ALL SELECT run_id, partition_no, status, date_trunc('second', updated_at) AS second, 1 FROM new_units),
    counts AS (
      SELECT run_id, partition_no,
             coalesce(sum(sign) FILTER (WHERE status = 'PENDING'), 0) AS pending,
             coalesce(sum(sign) FILTER (WHERE status = 'RUNNING'), 0) AS running,
             coalesce(sum(sign) FILTER (WHERE status = 'DONE'), 0) AS done,
             coalesce(sum(sign) FILTER (WHERE status = 'FAILED'), 0) AS failed,
             coalesce(sum(sign) FILTER (WHERE status = 'SKIPPED'), 0) AS skipped
        FROM d GROUP BY run_id, partition_no),
    seconds AS (
      INSERT INTO run_finished_second AS s (run_id, second, partition_no, units)
      SELECT run_id, second, partition_no, sum(sign)
        FROM d
       WHERE status IN ('DONE', 'FAILED', 'SKIPPED')
       GROUP BY run_id, second, partition_no
      HAVING sum(sign) <> 0
       ORDER BY run_id, second, partition_no
      ON CONFLICT (run_id, second, partition_no) DO UPDATE SET units = s.units + excluded.units)
    INSERT INTO run_partition_counts AS c (run_id, partition_no, pending, running, done, failed,
                                           skipped)
    SELECT * FROM counts
     WHERE (pending, running, done, failed, skipped) <> (0, 0, 0, 0, 0)
     ORDER BY run_id, partition_no
    ON CONFLICT (run_id, partition_no) DO UPDATE
       SET pending = c.pending + excluded.pending, running = c.running + excluded.running,
           done = c.done + excluded.done, failed = c.failed + excluded.failed,
           skipped = c.skipped + excluded.skipped;
  ELSE
    WITH d AS (SELECT run_id, partition_no, status, date_trunc('second', updated_at) AS second, -1 AS sign FROM old_units),
    seconds AS (
      UPDATE run_finished_second s SET units = s.units + g.units
        FROM (SELECT run_id, second, partition_no, sum(sign) AS units FROM d
               WHERE status IN ('DONE', 'FAILED', 'SKIPPED')
               GROUP BY run_id, second, partition_no) g
       WHERE s.run_id = g.run_id AND s.second = g.second AND s.partition_no = g.partition_no)
    UPDATE run_partition_counts c
       SET pending = c.pending + g.pending, running = c.running + g.running,
           done = c.done + g.done, failed = c.failed + g.failed, skipped = c.skipped + g.skipped
      FROM (SELECT run_id, partition_no,
                   coalesce(sum(sign) FILTER (WHERE status = 'PENDING'), 0) AS pending,
                   coalesce(sum(sign) FILTER (WHERE status = 'RUNNING'), 0) AS running,
                   coalesce(sum(sign) FILTER (WHERE status = 'DONE'), 0) AS done,
                   coalesce(sum(sign) FILTER (WHERE status = 'FAILED'), 0) AS failed,
                   coalesce(sum(sign) FILTER (WHERE status = 'SKIPPED'), 0) AS skipped
              FROM d GROUP BY run_id, partition_no) g
     WHERE c.run_id = g.run_id AND c.partition_no = g.partition_no;
  END IF;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three.
CREATE TRIGGER run_unit_counts_insert AFTER INSERT ON run_unit
    REFERENCING NEW TABLE AS new_units
    FOR EACH STATEMENT EXECUTE FUNCTION run_unit_count_changes();
CREATE TRIGGER run_unit_counts_update AFTER UPDATE ON run_unit
    REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units
    FOR EACH STATEMENT EXECUTE FUNCTION run_unit_count_changes();
CREATE TRIGGER run_unit_counts_delete AFTER DELETE ON run_unit
    REFERENCING OLD TABLE AS old_units
    FOR EACH STATEMENT EXECUTE FUNCTION run_unit_count_changes();

-- Units written before this migration.
INSERT INTO run_partition_counts (run_id, partition_no, pending, running, done, failed, skipped)
SELECT run_id, partition_no,
       count(*) FILTER (WHERE status = 'PENDING'), count(*) FILTER (WHERE status = 'RUNNING'),
       count(*) FILTER (WHERE status = 'DONE'), count(*) FILTER (WHERE status = 'FAILED'),
       count(*) FILTER (WHERE status = 'SKIPPED')
  FROM run_unit GROUP BY run_id, partition_no;
INSERT INTO run_finished_second (run_id, second, partition_no, units)
SELECT run_id, date_trunc('second', updated_at), partition_no, count(*)
  FROM run_unit WHERE status IN ('DONE', 'FAILED', 'SKIPPED')
 GROUP BY 1, 2, 3;
