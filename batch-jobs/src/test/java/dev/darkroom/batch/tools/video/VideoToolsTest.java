package dev.darkroom.batch.tools.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.asset.AssetMetadata;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video tools against real ffmpeg/ffprobe on videos ffmpeg generated. */
class VideoToolsTest {

  @TempDir Path dir;
  @TempDir Path temp;
  private Ffmpeg ffmpeg;

  @BeforeEach
  void ffmpeg() {
    Videos.assumeFfmpeg();
    Ffmpeg path = Ffmpeg.fromPath();
    ffmpeg =
        new Ffmpeg(
            Ffmpeg.findOnPath(Ffmpeg.FFMPEG, System.getenv("PATH")).orElseThrow(),
            Ffmpeg.findOnPath(Ffmpeg.FFPROBE, System.getenv("PATH")).orElseThrow(),
            Ffmpeg.DEFAULT_PROBE_TIMEOUT,
            Ffmpeg.DEFAULT_FRAMES_TIMEOUT,
            temp);
    assertThat(path.unavailableReason()).isEmpty();
  }

  @AfterEach
  void noTemporaryFilesAreLeft() throws IOException {
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void givenAPhoneMovieThenTheProbeReadsQuickTimeDateGpsCameraAndProjectsThemIntoTheCatalog() {
    Path movie = Videos.phoneMovie(dir.resolve("IMG_0001.MOV"));
    VideoProbeTool tool = new VideoProbeTool(ffmpeg);

    ToolResult result = tool.process(VideoInputs.of(movie, "video/quicktime"));

    ToolOutput output = single(result);
    VideoProbe probe = VideoProbe.fromJson(output.inlineJson());
    assertThat(probe.durationMs()).isEqualTo(3000);
    assertThat(probe.width()).isEqualTo(320);
    assertThat(probe.height()).isEqualTo(240);
    assertThat(probe.videoCodec()).isEqualTo("h264");
    assertThat(probe.streams()).extracting(VideoProbe.Stream::type).containsExactly("video");
    assertThat(probe.captureTimeSource()).isEqualTo("QuickTime:com.apple.quicktime.creationdate");
    assertThat(probe.capturedAt()).isEqualTo(OffsetDateTime.parse("2021-06-01T12:20:30+02:00"));
    assertThat(probe.make()).isEqualTo("Apple");
    assertThat(probe.model()).isEqualTo("iPhone 12");
    assertThat(probe.gps().latitude()).isEqualTo(48.8584);
    assertThat(probe.gps().longitude()).isEqualTo(2.2945);
    assertThat(probe.gps().altitude()).isEqualTo(35.0);
    AssetMetadata catalog = tool.catalogProjection(output).orElseThrow();
    assertThat(catalog.capturedAt()).isEqualTo(OffsetDateTime.parse("2021-06-01T12:20:30+02:00"));
    assertThat(catalog.width()).isEqualTo(320);
    assertThat(catalog.height()).isEqualTo(240);
    assertThat(catalog.durationMs()).isEqualTo(3000);
    assertThat(catalog.gpsLatitude()).isEqualTo(48.8584);
    assertThat(catalog.cameraModel()).isEqualTo("iPhone 12");
  }

  @Test
  void givenAnMp4WithContainerCreationTimeLocationAndRotationThenTheyAreRead() {
    Path plain =
        Videos.testPattern(
            dir.resolve("plain.mp4"),
            160,
            120,
            2,
            "-metadata",
            "creation_time=2019-03-04T05:06:07Z",
            "-metadata",
            "location=-33.8568+151.2153/");
    // A remux drops creation_time (ffmpeg sets it anew only when asked), so it is given again.
    Path rotated =
        Videos.ffmpeg(
            dir.resolve("rotated.mp4"),
            "-i",
            plain.toString(),
            "-c",
            "copy",
            "-metadata",
            "creation_time=2019-03-04T05:06:07Z",
            "-metadata:s:v:0",
            "rotate=90");

    VideoProbe probe =
        VideoProbe.fromJson(
            single(new VideoProbeTool(ffmpeg).process(VideoInputs.of(rotated, "video/mp4")))
                .inlineJson());

    assertThat(probe.captureTimeSource()).isEqualTo("QuickTime:CreateDate");
    assertThat(probe.capturedAt()).isEqualTo(OffsetDateTime.parse("2019-03-04T05:06:07Z"));
    assertThat(probe.gps().latitude()).isEqualTo(-33.8568);
    assertThat(probe.gps().longitude()).isEqualTo(151.2153);
    assertThat(probe.rotation()).isEqualTo(270); // as exiftool says (VideoProbeMatchesExiftoolTest)
    assertThat(probe.warnings()).isEmpty();
  }

  @Test
  void givenNoDateInTheFileThenTheModificationTimeStandsInAndSaysSo() {
    Path video = Videos.testPattern(dir.resolve("nodate.mkv"), 64, 48, 1);

    VideoProbe probe =
        VideoProbe.fromJson(
            single(new VideoProbeTool(ffmpeg).process(VideoInputs.of(video, "video/x-matroska")))
                .inlineJson());

    assertThat(probe.captureTimeSource()).isEqualTo("File:FileModifyDate");
    assertThat(probe.warnings()).anyMatch(w -> w.contains("modification time"));
  }

  @Test
  void keyframesGivesTheAskedNumberOfFramesNoLargerThanAsked() throws IOException {
    Path video = Videos.testPattern(dir.resolve("clip.mp4"), 640, 360, 4);
    ToolParameters parameters =
        ToolParameters.of(Map.of(FrameSettings.FRAME_COUNT, 5, FrameSettings.FRAME_SIZE, 200));

    ToolOutput output =
        single(
            new KeyframesTool(ffmpeg)
                .process(
                    VideoInputs.of(
                        new VideoInputs.FileOriginal(video), "video/mp4", parameters, Map.of())));

    assertThat(output.kind()).isEqualTo("frames");
    assertThat(output.mediaType()).isEqualTo("application/zip");
    Frames frames = Frames.fromZip(output.content());
    assertThat(frames.settings()).isEqualTo(new FrameSettings(5, 200));
    assertThat(frames.frames())
        .extracting(Frames.Frame::atMs)
        .containsExactly(400L, 1200L, 2000L, 2800L, 3600L);
    for (Frames.Frame frame : frames.frames()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame.jpeg()));
      assertThat(image.getWidth()).isEqualTo(200);
      assertThat(image.getHeight()).isLessThanOrEqualTo(200);
    }
    assertThat(ffmpeg.ffmpegRuns()).isEqualTo(1);
  }

  @Test
  void givenMaterialisedFramesWithTheSameSettingsThenThePosterAndSheetReuseThemWithoutFfmpeg()
      throws IOException {
    Path video = Videos.testPattern(dir.resolve("clip.mp4"), 320, 240, 3);
    VideoInputs.FileOriginal original = new VideoInputs.FileOriginal(video);
    ToolOutput frames =
        single(
            new KeyframesTool(ffmpeg)
                .process(VideoInputs.of(original, "video/mp4", ToolParameters.empty(), Map.of())));
    long runs = ffmpeg.ffmpegRuns();

    ToolInput withFrames =
        VideoInputs.of(original, "video/mp4", ToolParameters.empty(), Map.of("frames", frames));
    ToolResult poster = new VideoThumbnailTool(ffmpeg).process(withFrames);
    ToolResult sheet = new ContactSheetTool(ffmpeg).process(withFrames);

    assertThat(ffmpeg.ffmpegRuns()).isEqualTo(runs);
    assertThat(single(poster).kind()).isEqualTo("thumbnail");
    assertThat(single(poster).inputKinds()).containsExactly("frames");
    assertThat(single(sheet).inputKinds()).containsExactly("frames");
    BufferedImage grid = ImageIO.read(new ByteArrayInputStream(single(sheet).content()));
    assertThat(grid.getWidth()).isGreaterThan(3 * 320); // three columns of nine frames
    assertThat(original.opens).hasValue(0); // read in place by ffmpeg, never streamed
  }

  @Test
  void givenFramesOfOtherSettingsThenTheyAreExtractedAgainAndKeptWhenThePolicySaysSo() {
    Path video = Videos.testPattern(dir.resolve("clip.mp4"), 320, 240, 3);
    VideoInputs.FileOriginal original = new VideoInputs.FileOriginal(video);
    ToolOutput sandboxFrames =
        single(
            new KeyframesTool(ffmpeg)
                .process(
                    VideoInputs.of(
                        original,
                        "video/mp4",
                        ToolParameters.of(Map.of(FrameSettings.FRAME_COUNT, 2)),
                        Map.of())));

    ToolResult kept =
        new ContactSheetTool(ffmpeg)
            .process(
                VideoInputs.of(
                    original,
                    "video/mp4",
                    ToolParameters.empty(),
                    Map.of("frames", sandboxFrames)));
    ToolResult notKept =
        new ContactSheetTool(ffmpeg)
            .process(
                VideoInputs.of(
                    original,
                    "video/mp4",
                    ToolParameters.of(Map.of(FrameSettings.PERSIST_FRAMES, false)),
                    Map.of()));

    assertThat(ffmpeg.ffmpegRuns()).isEqualTo(3);
    List<ToolOutput> keptOutputs = ((ToolResult.Success) kept).outputs();
    assertThat(keptOutputs).extracting(ToolOutput::kind).containsExactly("frames", "contact-sheet");
    assertThat(Frames.fromZip(keptOutputs.get(0).content()).frames()).hasSize(9);
    assertThat(keptOutputs.get(1).inputKinds()).containsExactly("frames");
    assertThat(((ToolResult.Success) notKept).outputs())
        .extracting(ToolOutput::kind)
        .containsExactly("contact-sheet");
  }

  @Test
  void givenAVideoThumbnailThenItIsThePosterFrameFittedIntoMaxSize() throws IOException {
    Path video = Videos.testPattern(dir.resolve("clip.mp4"), 640, 480, 2);

    ToolOutput poster =
        single(
            new VideoThumbnailTool(ffmpeg)
                .process(
                    VideoInputs.of(
                        new VideoInputs.FileOriginal(video),
                        "video/mp4",
                        ToolParameters.of(Map.of("maxSize", 100, "persistFrames", false)),
                        Map.of())));

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(poster.content()));
    assertThat(image.getWidth()).isEqualTo(100);
    assertThat(image.getHeight()).isEqualTo(75);
  }

  @Test
  void givenNoFfmpegThenEveryVideoToolSkipsNamingTheMissingProgram() {
    Path video = Videos.testPattern(dir.resolve("clip.mp4"), 64, 48, 1);
    Ffmpeg none = new Ffmpeg(null, null, Duration.ofSeconds(5), Duration.ofSeconds(5), temp);
    ToolInput input = VideoInputs.of(video, "video/mp4");

    for (var tool :
        List.of(
            new VideoProbeTool(none),
            new KeyframesTool(none),
            new VideoThumbnailTool(none),
            new ContactSheetTool(none))) {
      assertThat(tool.process(input))
          .as(tool.id())
          .isEqualTo(ToolResult.skipped("tool unavailable (ffmpeg not found)"));
    }
  }

  @Test
  void givenAPictureThenTheVideoToolsSkipIt() {
    ToolInput input = VideoInputs.of(dir.resolve("photo.jpg"), "image/jpeg");

    assertThat(new VideoProbeTool(ffmpeg).process(input)).isInstanceOf(ToolResult.Skipped.class);
    assertThat(new ContactSheetTool(ffmpeg).process(input)).isInstanceOf(ToolResult.Skipped.class);
  }

  static ToolOutput single(ToolResult result) {
    assertThat(result).isInstanceOf(ToolResult.Success.class);
    List<ToolOutput> outputs = ((ToolResult.Success) result).outputs();
    assertThat(outputs).hasSize(1);
    return outputs.get(0);
  }
}
