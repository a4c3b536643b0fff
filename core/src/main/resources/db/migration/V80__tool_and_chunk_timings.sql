-- Tool and chunk timings of every launcher (ADR 0023): each partition job adds its chunk's tool
-- tries and its chunk write time here in the chunk's own transaction, so timings of worker JVMs
-- and Kubernetes Jobs reach /actuator/prometheus (the server exports them as histograms) and are
-- counted exactly once with the units they belong to, even when a worker is killed.
-- Rows are few: one per label set and slot; the slot (partition number mod 8) spreads partitions
-- that commit at once over different rows so their chunk transactions do not queue on one lock.
-- bucket_counts[i] counts the observations in bucket i (not cumulative) of the fixed bounds that
-- PartitionTimings declares; the last element is everything above the largest bound.
CREATE TABLE tool_duration_stats (
    pipeline      text             NOT NULL,
    tool          text             NOT NULL,
    version       text             NOT NULL,
    outcome       text             NOT NULL,
    launcher      text             NOT NULL,
    slot          smallint         NOT NULL,
    count         bigint           NOT NULL,
    sum_seconds   double precision NOT NULL,
    bucket_counts bigint[]         NOT NULL,
    PRIMARY KEY (pipeline, tool, version, outcome, launcher, slot)
);

CREATE TABLE chunk_commit_stats (
    pipeline      text             NOT NULL,
    launcher      text             NOT NULL,
    slot          smallint         NOT NULL,
    count         bigint           NOT NULL,
    sum_seconds   double precision NOT NULL,
    bucket_counts bigint[]         NOT NULL,
    PRIMARY KEY (pipeline, launcher, slot)
);
