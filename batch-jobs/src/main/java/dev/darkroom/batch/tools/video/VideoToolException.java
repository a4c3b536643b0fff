package dev.darkroom.batch.tools.video;

/**
 * ffmpeg or ffprobe could not do what was asked: the program failed (its message is this one's),
 * ran out of time and was killed, or is missing. The content, not the worker, is the problem unless
 * {@link #transientFailure()} says otherwise.
 */
public final class VideoToolException extends Exception {

  private final boolean transientFailure;

  public VideoToolException(String message) {
    this(message, false);
  }

  public VideoToolException(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  /** True when trying again may help (interrupted, temporary files unwritable). */
  public boolean transientFailure() {
    return transientFailure;
  }
}
