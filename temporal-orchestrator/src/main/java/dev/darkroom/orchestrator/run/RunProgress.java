package dev.darkroom.orchestrator.run;

/**
 * The workflow's view of a run, answered by the {@code progress} query; unit counts are in
 * PostgreSQL.
 *
 * @param partitions partitions planned; 0 while planning
 * @param started distinct partitions started at least once
 * @param running partitions executing now
 * @param finished partitions that completed
 * @param failed partitions that failed after their retries
 * @param paused whether a pause is in effect (running partitions may still be stopping)
 */
public record RunProgress(
    int partitions, int started, int running, int finished, int failed, boolean paused) {}
