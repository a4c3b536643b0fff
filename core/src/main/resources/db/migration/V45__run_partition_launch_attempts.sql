-- How many times a launcher has launched the partition: the Kubernetes launcher names each attempt's
-- Job after it (darkroom-r<run>-p<partition>-a<attempt>), so a retried launch gets attempt 2 and a
-- restarted server can tell the Job it launched from a new one (docs/adr/0013-*.md).
ALTER TABLE run_partition
    ADD COLUMN launch_attempts integer NOT NULL DEFAULT 0 CHECK (launch_attempts >= 0);
