package dev.darkroom.batch.pipeline;

/**
 * Progress of a partition's job, reported after each committed chunk.
 *
 * @param unitsCommitted units this execution has committed so far (done, failed or skipped)
 * @param artifactsCommitted artifacts this execution's committed chunks carried
 * @param lastUnitKey the last unit key of the committed chunk
 */
public record PipelineProgress(
    long runId, int partitionNo, long unitsCommitted, long artifactsCommitted, String lastUnitKey) {

  /** Receives progress on the job's thread, after the chunk's commit; must return quickly. */
  @FunctionalInterface
  public interface Listener {
    void onChunkCommitted(PipelineProgress progress);

    Listener NONE = progress -> {};
  }
}
