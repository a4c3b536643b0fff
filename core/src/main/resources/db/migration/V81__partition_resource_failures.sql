-- Consecutive attempts of a partition whose worker ran out of memory (ADR 0024): after
-- darkroom.runs.out-of-memory-attempts of them the partition is given up instead of relaunched.
ALTER TABLE run_partition ADD COLUMN out_of_memory_attempts integer NOT NULL DEFAULT 0;
