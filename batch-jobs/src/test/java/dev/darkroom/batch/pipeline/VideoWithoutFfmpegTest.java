package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.batch.tools.StandardTools;
import dev.darkroom.batch.tools.video.Ffmpeg;
import dev.darkroom.core.run.PendingUnit;
import dev.darkroom.core.run.RunPolicy;
import dev.darkroom.core.run.UnitStatus;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.storage.archive.ArchiveReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker without ffmpeg/ffprobe skips video units, naming the program; never DONE, no output. */
class VideoWithoutFfmpegTest {

  @TempDir Path root;
  @TempDir Path temp;

  @Test
  void givenNoFfmpegThenAVideoUnitIsSkippedNamingItAndNothingIsProduced() throws IOException {
    Files.write(root.resolve("clip.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
    Ffmpeg none = new Ffmpeg(null, null, Duration.ofSeconds(5), Duration.ofSeconds(5), temp);
    List<PipelineTool> steps =
        PipelineTools.resolve(
            PipelineRegistry.VIDEO_BASIC,
            StandardTools.registry(none),
            RunPolicy.production(),
            ToolParameters.empty());
    PendingUnit unit =
        new PendingUnit(1, "asset:1", 1, 0, "video/mp4", root.getFileName().toString(), "clip.mp4");

    UnitResult result =
        new UnitProcessor(steps, new ArchiveReader(List.of(root)), new ToolRunner(1, Duration.ZERO))
            .process(unit);

    assertThat(result.status()).isEqualTo(UnitStatus.SKIPPED);
    assertThat(result.error())
        .isEqualTo(
            "video-probe: tool unavailable (ffmpeg not found);"
                + " keyframes: not run: input missing (video-probe);"
                + " video-thumbnail: not run: input missing (video-probe);"
                + " contact-sheet: not run: input missing (video-probe)");
    assertThat(result.outputs()).isEmpty();
    assertThat(result.coverage()).isEmpty();
  }
}
