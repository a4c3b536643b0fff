-- Indexes for the Spring Batch admin views (web, dev.darkroom.web.batchadmin) and for Batch's own
-- look-ups, on the tables V2 created from Spring Batch's schema-postgresql.sql. That schema has
-- only the primary keys and the unique (job_name, job_key) of batch_job_instance: every list and
-- every "executions of this instance" or "parameters of this execution" read a whole table.
--
-- This file lives in batch-jobs, next to V2, because core knows nothing of Spring Batch and its
-- own tests migrate a database without Batch's tables. docs/batch-admin.md shows the plans.

-- Executions of one job instance, newest first; also Batch's getLastJobExecution, which every
-- partition launch and every scan calls.
CREATE INDEX batch_job_execution_instance_idx
    ON batch_job_execution (job_instance_id, job_execution_id);

-- Executions by status, newest first, keyset-paged (the list's status filter); also Batch's
-- findRunningJobExecutions.
CREATE INDEX batch_job_execution_status_idx
    ON batch_job_execution (status, job_execution_id);

-- Instances of one job, newest first, keyset-paged. The unique (job_name, job_key) index finds a
-- job's instances but cannot return them in id order.
CREATE INDEX batch_job_instance_name_idx
    ON batch_job_instance (job_name, job_instance_id);

-- The parameters of an execution (its run, partition or scan, and the detail page); Batch reads
-- them for every execution it loads, with no index at all before this one.
CREATE INDEX batch_job_execution_params_execution_idx
    ON batch_job_execution_params (job_execution_id);

-- The steps of an execution.
CREATE INDEX batch_step_execution_execution_idx
    ON batch_step_execution (job_execution_id);
