-- Schedules (issue 12): named, recurring production runs, executed by Temporal Schedules.
-- PostgreSQL holds the definition (the truth); Temporal holds a schedule per row, reconciled at
-- start-up (docs/schedules.md, ADR 0015).
CREATE TABLE schedule (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                text        NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    pipeline_id         text        NOT NULL,
    -- Scope: a collection, a query, or neither (every asset with a live location).
    collection_id       bigint      REFERENCES collection (id),
    collection_query    text,
    -- Production policy and its parameters; `force` asks for every unit, not only missing/stale.
    thumbnail_size      integer     CHECK (thumbnail_size > 0),
    parameters          jsonb       NOT NULL DEFAULT '{}'::jsonb,
    force               boolean     NOT NULL DEFAULT false,
    -- When: a cron expression or an interval, in a time zone.
    cron                text,
    interval_secs       bigint      CHECK (interval_secs > 0),
    time_zone           text        NOT NULL DEFAULT 'UTC',
    overlap             text        NOT NULL DEFAULT 'SKIP' CHECK (overlap IN ('SKIP', 'BUFFER_ONE')),
    catchup_window_secs bigint      NOT NULL DEFAULT 3600 CHECK (catchup_window_secs >= 10),
    paused              boolean     NOT NULL DEFAULT false,
    note                text,
    created_by          text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schedule_one_scope CHECK (collection_id IS NULL OR collection_query IS NULL),
    CONSTRAINT schedule_one_timing CHECK ((cron IS NULL) <> (interval_secs IS NULL))
);

-- The run a firing created, tagged with its schedule and the firing (the scheduled workflow's id),
-- so a retried firing finds its run instead of creating a second one.
ALTER TABLE run
    ADD COLUMN schedule_id     bigint REFERENCES schedule (id) ON DELETE SET NULL,
    ADD COLUMN schedule_firing text UNIQUE;
CREATE INDEX run_schedule_idx ON run (schedule_id, id DESC) WHERE schedule_id IS NOT NULL;
