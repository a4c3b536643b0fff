package dev.darkroom.batch.tools.video;

import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames a tool got from a {@link FrameSource}, with what lineage must say about them: made from
 * the unit's {@code frames} artifact when it was reused, else from the {@code video-probe} whose
 * duration placed them, plus, when the tool keeps frames it extracted, that {@code frames} output.
 */
record FrameUse(Frames frames, List<String> inputKinds, List<ToolOutput> framesOutput) {

  static FrameUse get(Ffmpeg ffmpeg, ToolInput input, FrameSettings settings, boolean persist)
      throws VideoToolException {
    FfmpegFrameSource source = new FfmpegFrameSource(ffmpeg, input);
    Frames frames = source.frames(settings);
    List<String> kinds = new ArrayList<>();
    List<ToolOutput> extra = new ArrayList<>();
    if (frames.materialised()) {
      kinds.add(Frames.KIND);
    } else {
      if (source.probeUsed()) {
        kinds.add(VideoProbeTool.KIND);
      }
      if (persist) {
        ToolOutput stored = ToolOutput.stored(Frames.KIND, Frames.MEDIA_TYPE, frames.toZip());
        extra.add(kinds.isEmpty() ? stored : stored.derivedFrom(kinds.toArray(String[]::new)));
        kinds.add(Frames.KIND);
      }
    }
    return new FrameUse(frames, List.copyOf(kinds), List.copyOf(extra));
  }

  /** {@code output} with this use's lineage, after the kept frames if any. */
  List<ToolOutput> outputs(ToolOutput output) {
    List<ToolOutput> all = new ArrayList<>(framesOutput);
    all.add(inputKinds.isEmpty() ? output : output.derivedFrom(inputKinds.toArray(String[]::new)));
    return all;
  }
}
