package dev.darkroom.batch.tools.video;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.PriorInput;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Materialises a video's frames: {@code frameCount} evenly spaced frames of at most {@code
 * frameSize} pixels (fewer and smaller in the sandbox), extracted by one ffmpeg run that seeks to
 * each, stored as a {@code frames} artifact ({@link Frames}) that later steps asking a {@link
 * FrameSource} for the same settings reuse instead of running ffmpeg again.
 */
public final class KeyframesTool implements Tool {

  public static final String ID = "keyframes";
  public static final String VERSION = "1";

  private final Ffmpeg ffmpeg;

  public KeyframesTool(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public String outputKind() {
    return Frames.KIND;
  }

  @Override
  public Set<String> inputKinds() {
    return Set.of(VideoProbeTool.KIND);
  }

  @Override
  public MediaTypeSet acceptedMediaTypes() {
    return VideoProbeTool.ACCEPTED;
  }

  /**
   * Frames are a function of the original (an asset is its content), this version and the settings:
   * a run reuses the newest stored {@code frames} artifact this tool made for the asset with equal
   * settings instead of running ffmpeg again (ADR 0036).
   */
  @Override
  public boolean reusableAcrossRuns() {
    return true;
  }

  /** The {@code frames} artifact this tool makes with {@code settings}, as lineage records it. */
  static PriorInput priorFrames(FrameSettings settings) {
    return new PriorInput(Frames.KIND, ID, VERSION, settings.toParameters());
  }

  /** The policy's {@code persistFrames} means nothing here: keeping frames is this tool's job. */
  @Override
  public ToolParameters resolveParameters(ToolParameters requested) {
    requested.requireOnly(
        List.of(FrameSettings.FRAME_COUNT, FrameSettings.FRAME_SIZE, FrameSettings.PERSIST_FRAMES),
        ID);
    return FrameSettings.from(requested).toParameters();
  }

  @Override
  public ToolResult process(ToolInput input) {
    if (!VideoProbeTool.ACCEPTED.accepts(input.mediaType())) {
      return ToolResult.skipped(input.mediaType() + " is not a video");
    }
    FrameSettings settings = FrameSettings.from(resolveParameters(input.parameters()));
    Optional<String> unavailable = ffmpeg.unavailableReason();
    if (unavailable.isPresent()) {
      return ToolResult.skipped(unavailable.get());
    }
    try {
      FrameUse use = FrameUse.get(ffmpeg, input, settings, false);
      ToolOutput frames = ToolOutput.stored(Frames.KIND, Frames.MEDIA_TYPE, use.frames().toZip());
      return ToolResult.success(use.outputs(frames));
    } catch (VideoToolException e) {
      return VideoResults.failed("cannot extract frames: ", e);
    }
  }
}
