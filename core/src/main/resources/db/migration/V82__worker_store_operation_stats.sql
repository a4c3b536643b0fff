-- Artifact store calls of partitions run in worker JVMs (process and kubernetes launchers), the
-- ADR 0023 way: each worker partition job adds its chunk's store calls here in the chunk's own
-- transaction, so they reach /actuator/prometheus (darkroom_worker_store_*) although a worker
-- serves no endpoint. The server JVM's own store calls (in-process partitions included) stay
-- Micrometer meters (darkroom_store_*), so no call is counted in both.
-- One row per label set and slot (partition number mod 8), like tool_duration_stats;
-- bucket_counts follows DurationHistogram.BOUNDS (not cumulative, last element = overflow);
-- bytes are the payload bytes of successful puts.
CREATE TABLE worker_store_operation_stats (
    store         text             NOT NULL,
    operation     text             NOT NULL,
    outcome       text             NOT NULL,
    launcher      text             NOT NULL,
    slot          smallint         NOT NULL,
    count         bigint           NOT NULL,
    sum_seconds   double precision NOT NULL,
    bucket_counts bigint[]         NOT NULL,
    bytes         bigint           NOT NULL,
    PRIMARY KEY (store, operation, outcome, launcher, slot)
);
