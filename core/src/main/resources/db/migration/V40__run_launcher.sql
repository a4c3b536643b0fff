-- Where a run's partitions run: in-process, process or kubernetes (ADR 0012). NULL for runs created
-- before runs chose a launcher: they run on the server's default (darkroom.runs.default-launcher).
ALTER TABLE run ADD COLUMN launcher text;
