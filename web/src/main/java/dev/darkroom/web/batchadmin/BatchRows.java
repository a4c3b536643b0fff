package dev.darkroom.web.batchadmin;

import dev.darkroom.web.PageLinks;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.unbescape.uri.UriEscape;

/**
 * The rows of the Batch admin pages' execution and instance tables as the templates write them:
 * every time, duration, label and link formatted once here rather than by expressions and a
 * fragment per row in the template, which was most of the job page's CPU (ADR 0031). Public, as the
 * types a template reads must be for Spring EL's compiler.
 */
public final class BatchRows {

  private BatchRows() {}

  /**
   * The run partition or scan a row belongs to.
   *
   * @param href the run's page, null for a scan
   * @param partition "partition N" for a run, else empty
   */
  public record Owner(boolean run, String text, @Nullable String href, String partition) {}

  /** One execution; {@code exitLine} is the first line of its exit description, cut to 160. */
  public record Execution(
      long id,
      String href,
      String jobName,
      String jobHref,
      long instanceId,
      String status,
      String statusClass,
      @Nullable Owner owner,
      String started,
      String ended,
      String duration,
      String exitCode,
      String exitLine) {}

  /** One instance with its newest execution. */
  public record Instance(
      long id,
      @Nullable Owner owner,
      long executionCount,
      @Nullable Long lastExecutionId,
      @Nullable String lastExecutionHref,
      @Nullable String lastStatus,
      String lastStatusClass,
      String started,
      String ended) {}

  static List<Execution> executions(
      List<JobExecutionSummary> executions, BatchViewFormats fmt, PageLinks links) {
    List<Execution> rows = new ArrayList<>(executions.size());
    for (JobExecutionSummary e : executions) {
      String status = e.status().name();
      rows.add(
          new Execution(
              e.id(),
              links.path("/batch/executions/" + e.id()),
              e.jobName(),
              links.path("/batch/jobs/" + UriEscape.escapeUriPathSegment(e.jobName())),
              e.instanceId(),
              status,
              "status status-" + status,
              owner(e.owner(), links),
              fmt.time(e.startTime()),
              fmt.time(e.endTime()),
              fmt.duration(e.durationMillis()),
              e.exitCode(),
              fmt.firstLine(e.exitDescription(), 160)));
    }
    return rows;
  }

  static List<Instance> instances(
      List<JobInstanceSummary> instances, BatchViewFormats fmt, PageLinks links) {
    List<Instance> rows = new ArrayList<>(instances.size());
    for (JobInstanceSummary i : instances) {
      String status = i.lastStatus() == null ? null : i.lastStatus().name();
      rows.add(
          new Instance(
              i.id(),
              owner(i.owner(), links),
              i.executionCount(),
              i.lastExecutionId(),
              i.lastExecutionId() == null
                  ? null
                  : links.path("/batch/executions/" + i.lastExecutionId()),
              status,
              "status status-" + status,
              fmt.time(i.lastStartTime()),
              fmt.time(i.lastEndTime())));
    }
    return rows;
  }

  private static @Nullable Owner owner(@Nullable ExecutionOwner owner, PageLinks links) {
    if (owner == null) {
      return null;
    }
    if (owner.kind() == ExecutionOwner.Kind.RUN) {
      return new Owner(
          true,
          "run " + owner.id(),
          owner.url() == null ? null : links.path(owner.url()),
          "partition " + owner.partitionNo());
    }
    return new Owner(false, "scan " + owner.id(), null, "");
  }
}
