package dev.darkroom.batch.tools.video;

import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.tool.InvalidToolParametersException;
import dev.darkroom.core.tool.ToolParameters;
import java.util.Map;

/**
 * Which frames a tool asks a {@link FrameSource} for: {@code frameCount} evenly spaced frames (at
 * the middles of equal slices of the duration, so never the black first or last frame), each fitted
 * into {@code frameSize}×{@code frameSize} pixels. Two requests with equal settings are answered by
 * the same frames; that is what lets a materialised {@code frames} artifact stand in for an
 * extraction.
 *
 * @param frameCount 1..100
 * @param frameSize longest side in pixels, 16..4096; smaller videos keep their size
 */
public record FrameSettings(int frameCount, int frameSize) {

  public static final String FRAME_COUNT = "frameCount";
  public static final String FRAME_SIZE = "frameSize";

  /** Whether frames a tool had to extract itself are stored as a {@code frames} artifact. */
  public static final String PERSIST_FRAMES = "persistFrames";

  /** Production: a 3×3 contact sheet of frames large enough for a poster thumbnail. */
  public static final FrameSettings DEFAULTS = new FrameSettings(9, 512);

  /** Sandbox: fewer and smaller frames, for quick feedback. */
  public static final FrameSettings SANDBOX = new FrameSettings(4, 256);

  public FrameSettings {
    if (frameCount < 1 || frameCount > 100) {
      throw new InvalidToolParametersException(
          "frameCount must be between 1 and 100, was " + frameCount);
    }
    if (frameSize < 16 || frameSize > 4096) {
      throw new InvalidToolParametersException(
          "frameSize must be between 16 and 4096 pixels, was " + frameSize);
    }
  }

  /** The settings in {@code parameters}, defaults for absent names. */
  static FrameSettings from(ToolParameters parameters) {
    return new FrameSettings(
        parameters.intValue(FRAME_COUNT, DEFAULTS.frameCount),
        parameters.intValue(FRAME_SIZE, DEFAULTS.frameSize));
  }

  /**
   * What a run's policy asks of the tools that take frames: the sandbox fewer and smaller frames,
   * not kept when a tool has to extract them itself; production the defaults.
   */
  public static ToolParameters forPolicy(RunPolicy policy) {
    if (!policy.sandbox()) {
      return ToolParameters.empty();
    }
    return ToolParameters.of(
        Map.of(
            FRAME_COUNT, SANDBOX.frameCount, FRAME_SIZE, SANDBOX.frameSize, PERSIST_FRAMES, false));
  }

  /** The seconds at which the frames are taken from a video of {@code durationMs}. */
  java.util.List<Double> secondsAt(long durationMs) {
    java.util.List<Double> at = new java.util.ArrayList<>();
    for (int i = 0; i < frameCount; i++) {
      at.add(durationMs / 1000.0 * (2 * i + 1) / (2.0 * frameCount));
    }
    return at;
  }

  ToolParameters toParameters() {
    return ToolParameters.of(Map.of(FRAME_COUNT, frameCount, FRAME_SIZE, frameSize));
  }
}
