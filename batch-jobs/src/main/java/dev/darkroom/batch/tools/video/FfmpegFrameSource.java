package dev.darkroom.batch.tools.video;

import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link FrameSource} over one unit: its upstream {@code frames} output when the settings match,
 * else ffmpeg seeking into the original in place. The duration that places the frames comes from
 * the unit's {@code video-probe} output, or from ffprobe when the pipeline made none.
 */
public final class FfmpegFrameSource implements FrameSource {

  private final Ffmpeg ffmpeg;
  private final ToolInput input;
  private boolean probeUsed;

  public FfmpegFrameSource(Ffmpeg ffmpeg, ToolInput input) {
    this.ffmpeg = ffmpeg;
    this.input = input;
  }

  /** Whether the last extraction took its duration from the unit's {@code video-probe} output. */
  public boolean probeUsed() {
    return probeUsed;
  }

  @Override
  public Frames frames(FrameSettings settings) throws VideoToolException {
    Frames materialised = materialised(settings);
    if (materialised != null) {
      return materialised;
    }
    VideoProbe probe;
    var upstream = VideoProbe.of(input.upstream());
    if (upstream.isPresent()) {
      probe = upstream.get();
      probeUsed = true;
    } else {
      probe = VideoProbeTool.probe(ffmpeg, input);
    }
    Long durationMs = probe.durationMs();
    if (durationMs == null || durationMs <= 0) {
      throw new VideoToolException("the container declares no duration; frames cannot be placed");
    }
    return extract(settings, durationMs);
  }

  private @Nullable Frames materialised(FrameSettings settings) {
    ToolOutput output = input.upstream().get(Frames.KIND);
    if (output == null || output.content() == null) {
      return null;
    }
    Frames frames = Frames.fromZip(output.content());
    return frames.settings().equals(settings) ? frames : null;
  }

  private Frames extract(FrameSettings settings, long durationMs) throws VideoToolException {
    Path dir = null;
    try {
      dir = ffmpeg.tempDirectory();
      Path video = Ffmpeg.asFile(input.original().file().orElse(null), input.original()::open, dir);
      List<Double> at = settings.secondsAt(durationMs);
      List<Path> files = ffmpeg.extractFrames(video, at, settings.frameSize(), dir);
      List<Frames.Frame> frames = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        frames.add(
            new Frames.Frame(Math.round(at.get(i) * 1000), Files.readAllBytes(files.get(i))));
      }
      return new Frames(settings, frames, false);
    } catch (IOException e) {
      throw new VideoToolException("cannot read or write frames: " + e.getMessage(), true);
    } finally {
      if (dir != null) {
        Ffmpeg.deleteRecursively(dir);
      }
    }
  }
}
