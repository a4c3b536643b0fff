package dev.darkroom.batch.tools.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken, empty, mislabelled, huge, endless and stuck videos: each a failed unit with ffmpeg's own
 * reason (or a long video that simply works), no child left running, no temporary file left.
 */
class VideoBadInputTest {

  @TempDir Path dir;
  @TempDir Path temp;
  private Ffmpeg ffmpeg;

  @BeforeEach
  void ffmpeg() {
    Videos.assumeFfmpeg();
    ffmpeg = withTimeouts(Ffmpeg.DEFAULT_PROBE_TIMEOUT, Ffmpeg.DEFAULT_FRAMES_TIMEOUT);
  }

  private Ffmpeg withTimeouts(Duration probe, Duration frames) {
    String path = System.getenv("PATH");
    return new Ffmpeg(
        Ffmpeg.findOnPath(Ffmpeg.FFMPEG, path).orElseThrow(),
        Ffmpeg.findOnPath(Ffmpeg.FFPROBE, path).orElseThrow(),
        probe,
        frames,
        temp);
  }

  @AfterEach
  void nothingIsLeftBehind() throws IOException {
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).as("temporary files").isEmpty();
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
        .as("child processes")
        .isEmpty();
  }

  @Test
  void aTruncatedVideoWithItsIndexAtTheEndFailsWithFfprobesReason() throws IOException {
    Path whole = Videos.testPattern(dir.resolve("whole.mp4"), 320, 240, 5);
    Path truncated = dir.resolve("truncated.mp4");
    Files.write(truncated, Arrays.copyOf(Files.readAllBytes(whole), 8000));

    ToolResult result = new VideoProbeTool(ffmpeg).process(VideoInputs.of(truncated, "video/mp4"));

    assertThat(result)
        .isEqualTo(
            ToolResult.failed(
                "cannot read video: moov atom not found;"
                    + " truncated.mp4: Invalid data found when processing input"));
  }

  @Test
  void aTruncatedVideoWithItsIndexFirstProbesButItsFramesFailWithFfmpegsReason()
      throws IOException {
    Path whole =
        Videos.testPattern(dir.resolve("whole.mp4"), 320, 240, 10, "-movflags", "+faststart");
    Path truncated = dir.resolve("cut.mp4");
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    VideoInputs.FileOriginal original = new VideoInputs.FileOriginal(truncated);
    ToolInput input = VideoInputs.of(original, "video/mp4", ToolParameters.empty(), Map.of());

    ToolResult probe = new VideoProbeTool(ffmpeg).process(input);
    ToolResult frames = new KeyframesTool(ffmpeg).process(input);

    assertThat(probe).isInstanceOf(ToolResult.Success.class);
    assertThat(frames).isInstanceOf(ToolResult.Failed.class);
    assertThat(((ToolResult.Failed) frames).reason())
        .startsWith("cannot extract frames: ffmpeg made no frame at ")
        .contains("partial file");
    assertThat(((ToolResult.Failed) frames).retryable()).isFalse();
  }

  @Test
  void aZeroLengthFileFails() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.mov"));

    ToolResult result =
        new VideoProbeTool(ffmpeg).process(VideoInputs.of(empty, "video/quicktime"));

    assertThat(result)
        .isEqualTo(ToolResult.failed("cannot read video: the file is empty (0 bytes)"));
  }

  @Test
  void randomBytesNamedMovFail() throws IOException {
    byte[] noise = new byte[200_000];
    new Random(13).nextBytes(noise);
    Path random = Files.write(dir.resolve("noise.mov"), noise);

    ToolResult result =
        new VideoProbeTool(ffmpeg).process(VideoInputs.of(random, "video/quicktime"));

    assertThat(result).isInstanceOf(ToolResult.Failed.class);
    assertThat(((ToolResult.Failed) result).reason())
        .startsWith("cannot read video: ")
        .endsWith("noise.mov: Invalid data found when processing input");
  }

  @Test
  void aTwoGigabyteSparseMovFailsWithoutBeingReadIntoMemory() throws IOException {
    Path sparse = dir.resolve("huge.mov");
    try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
      file.setLength(2L * 1024 * 1024 * 1024); // a hole: no disk used
    }
    VideoInputs.FileOriginal original = new VideoInputs.FileOriginal(sparse);

    ToolResult result =
        new VideoProbeTool(ffmpeg)
            .process(VideoInputs.of(original, "video/quicktime", ToolParameters.empty(), Map.of()));

    assertThat(result)
        .isEqualTo(
            ToolResult.failed(
                "cannot read video: moov atom not found;"
                    + " huge.mov: Invalid data found when processing input"));
    assertThat(original.opens).as("streamed into the JVM").hasValue(0);
  }

  @Test
  void aTenHourVideoIsProbedAndItsFramesFoundBySeekingNotDecoding() {
    Path long10h =
        Videos.ffmpeg(
            dir.resolve("ten-hours.mp4"),
            "-f",
            "lavfi",
            "-i",
            "color=c=gray:s=32x32:r=1:d=36000",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-g",
            "600");
    VideoInputs.FileOriginal original = new VideoInputs.FileOriginal(long10h);
    ToolInput input = VideoInputs.of(original, "video/mp4", ToolParameters.empty(), Map.of());

    ToolResult probe = new VideoProbeTool(ffmpeg).process(input);
    ToolResult frames = new KeyframesTool(ffmpeg).process(input);

    assertThat(VideoProbe.fromJson(VideoToolsTest.single(probe).inlineJson()).durationMs())
        .isEqualTo(36_000_000L);
    assertThat(Frames.fromZip(VideoToolsTest.single(frames).content()).frames())
        .extracting(Frames.Frame::atMs)
        .containsExactly(
            2_000_000L,
            6_000_000L,
            10_000_000L,
            14_000_000L,
            18_000_000L,
            22_000_000L,
            26_000_000L,
            30_000_000L,
            34_000_000L);
  }

  @Test
  void aProbeThatNeverEndsIsKilledAtItsTimeout() throws Exception {
    Path stuck = fifo("stuck.mov"); // opening a FIFO nobody writes blocks forever
    Ffmpeg impatient = withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));

    ToolResult result =
        new VideoProbeTool(impatient).process(VideoInputs.of(stuck, "video/quicktime"));

    assertThat(result)
        .isEqualTo(
            ToolResult.failed("cannot read video: ffprobe did not finish within 2 s; killed"));
  }

  @Test
  void aCancelledRunInterruptsTheToolAndTheChildIsKilled() throws Exception {
    Path stuck = fifo("stuck.mov");
    AtomicReference<ToolResult> result = new AtomicReference<>();
    Thread worker =
        new Thread(
            () ->
                result.set(
                    new VideoProbeTool(ffmpeg).process(VideoInputs.of(stuck, "video/quicktime"))));
    worker.start();
    while (ProcessHandle.current().descendants().noneMatch(VideoBadInputTest::isFfprobe)) {
      assertThat(worker.isAlive()).as("the tool is still waiting for ffprobe").isTrue();
      Thread.sleep(20);
    }

    worker.interrupt();
    worker.join(Duration.ofMinutes(1).toMillis());

    assertThat(worker.isAlive()).isFalse();
    assertThat(result.get())
        .isEqualTo(
            ToolResult.failed(
                "cannot read video: ffprobe was interrupted (run cancelled?); killed"));
  }

  private static boolean isFfprobe(ProcessHandle process) {
    return process.info().command().map(c -> c.endsWith("ffprobe")).orElse(false);
  }

  private Path fifo(String name) throws Exception {
    Path fifo = dir.resolve(name);
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    return fifo;
  }
}
