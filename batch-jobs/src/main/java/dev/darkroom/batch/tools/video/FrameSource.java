package dev.darkroom.batch.tools.video;

/**
 * The media view a tool gets of a video: frames on request, whatever made them. A tool asks for
 * frames with {@link FrameSettings}; when the unit has a materialised {@code frames} artifact made
 * with the same settings (an earlier {@code keyframes} step, an earlier tool that extracted and
 * kept them, or a stored {@code frames} artifact of an earlier run that the pipeline handed over
 * instead of running {@code keyframes} again, ADR 0036), those are returned; otherwise they are
 * extracted on the fly. Whether on-the-fly frames are kept is the asking tool's decision ({@link
 * FrameSettings#PERSIST_FRAMES}, from the run's policy): it returns them as a {@code frames} output
 * of its own, which later steps then reuse.
 *
 * <p>Not thread-safe: one instance serves one tool call on one unit.
 */
public interface FrameSource {

  /**
   * Frames as asked, in time order, one per position.
   *
   * @throws VideoToolException when they cannot be had (ffmpeg's reason), or the video is too short
   *     to have a duration
   */
  Frames frames(FrameSettings settings) throws VideoToolException;
}
