package dev.darkroom.web.runs;

/** A partition has no worker log here: it ran in the server or a pod, or has not started yet. */
public class NoPartitionLogException extends RuntimeException {

  NoPartitionLogException(long runId, int partitionNo) {
    super(
        "partition "
            + partitionNo
            + " of run "
            + runId
            + " has no worker log on this server (only the process launcher keeps one; in-process"
            + " partitions log to the server log, Kubernetes ones to their pod)");
  }
}
