-- Per job name, its instances, its executions and its newest execution, kept by statement-level
-- triggers on Spring Batch's tables (issue 10, ADR 0031). The Batch admin's job page and job list
-- (web, dev.darkroom.web.batchadmin) counted every execution of the job per view: 10,000 rows
-- joined to their instances for the 'pipeline' job on every request.
--
--   instances          rows of batch_job_instance with this job_name
--   executions         rows of batch_job_execution whose instance has this job_name
--   last_execution_id  the highest job_execution_id among those, NULL when there is none
--
-- Exact in the transaction of every change: Spring Batch inserts and deletes instances and
-- executions (JobRepository.createJobInstance / createJobExecution / deleteJobExecution /
-- deleteJobInstance); it never changes an instance's job_name or an execution's instance. A name
-- whose rows are all deleted keeps a row of zeros (the readers skip it). Lives in batch-jobs next
-- to V2, which created the tables (core knows nothing of Spring Batch).
--
-- Every launch of a job name updates that name's row, so concurrent launches of one job queue on
-- it until their creating transaction commits; Batch commits each create at once.

CREATE TABLE batch_job_count (
    job_name          varchar(100) PRIMARY KEY,
    instances         bigint       NOT NULL DEFAULT 0,
    executions        bigint       NOT NULL DEFAULT 0,
    last_execution_id bigint
);

INSERT INTO batch_job_count (job_name, instances, executions, last_execution_id)
SELECT i.job_name, count(*),
       coalesce(sum(x.executions), 0), max(x.last_id)
  FROM batch_job_instance i
  LEFT JOIN (SELECT job_instance_id, count(*) AS executions, max(job_execution_id) AS last_id
               FROM batch_job_execution GROUP BY job_instance_id) x
    ON x.job_instance_id = i.job_instance_id
 GROUP BY i.job_name;

CREATE FUNCTION batch_job_count_instances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO batch_job_count AS c (job_name, instances)
    SELECT job_name, count(*) FROM new_rows GROUP BY job_name ORDER BY job_name
    ON CONFLICT (job_name) DO UPDATE SET instances = c.instances + excluded.instances;
  ELSE
    UPDATE batch_job_count c SET instances = c.instances - d.n
      FROM (SELECT job_name, count(*) AS n FROM old_rows GROUP BY job_name) d
     WHERE c.job_name = d.job_name;
  END IF;
  RETURN NULL;
END $$;

-- An execution's job name is its instance's; the instance exists when its executions are
-- inserted or deleted (batch_job_execution's foreign key).
CREATE FUNCTION batch_job_count_executions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO batch_job_count AS c (job_name, executions, last_execution_id)
    SELECT i.job_name, count(*), max(n.job_execution_id)
      FROM new_rows n JOIN batch_job_instance i ON i.job_instance_id = n.job_instance_id
     GROUP BY i.job_name ORDER BY i.job_name
    ON CONFLICT (job_name) DO UPDATE
       SET executions = c.executions + excluded.executions,
           last_execution_id = greatest(c.last_execution_id, excluded.last_execution_id);
  ELSE
    UPDATE batch_job_count c SET executions = c.executions - d.n
      FROM (SELECT i.job_name, count(*) AS n
              FROM old_rows o JOIN batch_job_instance i ON i.job_instance_id = o.job_instance_id
             GROUP BY i.job_name) d
     WHERE c.job_name = d.job_name;
    -- Deleting the newest execution (rare: only an operator's clean-up) finds the next newest.
    UPDATE batch_job_count c
       SET last_execution_id =
           (SELECT max(e.job_execution_id)
              FROM batch_job_execution e
              JOIN batch_job_instance i ON i.job_instance_id = e.job_instance_id
             WHERE i.job_name = c.job_name)
     WHERE c.last_execution_id IN (SELECT job_execution_id FROM old_rows);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER batch_job_count_instance_insert AFTER INSERT ON batch_job_instance
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION batch_job_count_instances();
CREATE TRIGGER batch_job_count_instance_delete AFTER DELETE ON batch_job_instance
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION batch_job_count_instances();
CREATE TRIGGER batch_job_count_execution_insert AFTER INSERT ON batch_job_execution
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION batch_job_count_executions();
CREATE TRIGGER batch_job_count_execution_delete AFTER DELETE ON batch_job_execution
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION batch_job_count_executions();
