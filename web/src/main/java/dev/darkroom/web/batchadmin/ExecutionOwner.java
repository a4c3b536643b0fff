package dev.darkroom.web.batchadmin;

import org.jspecify.annotations.Nullable;

/**
 * What a job execution was run for in Darkroom, from its identifying job parameters: partition
 * {@code partitionNo} of run {@code id} (job {@code pipeline}) or scan {@code id} (job {@code
 * scan}). {@code url} is the dashboard page of the run; scans have no page of their own yet.
 */
public record ExecutionOwner(
    Kind kind, long id, @Nullable Integer partitionNo, @Nullable String url) {

  /** Who owns the execution. */
  public enum Kind {
    RUN,
    SCAN
  }

  public static ExecutionOwner run(long runId, int partitionNo) {
    return new ExecutionOwner(Kind.RUN, runId, partitionNo, "/runs/" + runId);
  }

  public static ExecutionOwner scan(long scanId) {
    return new ExecutionOwner(Kind.SCAN, scanId, null, null);
  }

  /** "partition 2 of run 7" or "scan 3", for messages. */
  public String describe() {
    return kind == Kind.RUN ? "partition " + partitionNo + " of run " + id : "scan " + id;
  }
}
