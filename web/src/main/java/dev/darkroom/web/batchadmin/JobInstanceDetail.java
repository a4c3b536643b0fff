package dev.darkroom.web.batchadmin;

import java.util.List;

/** A job instance and all its executions, newest first. */
public record JobInstanceDetail(
    JobInstanceSummary instance, List<JobExecutionSummary> executions) {}
