package dev.darkroom.batch.pipeline;

/**
 * A production run pinned a pipeline or tool version that this worker does not have: running it
 * would mix outputs of two versions in one run. Deploy the pinned version or start a new run.
 */
public class PipelineMismatchException extends RuntimeException {

  public PipelineMismatchException(String message) {
    super(message);
  }
}
