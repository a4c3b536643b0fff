package dev.darkroom.bench.media;

import dev.darkroom.batch.tools.video.Ffmpeg;
import dev.darkroom.batch.tools.video.KeyframesTool;
import dev.darkroom.batch.tools.video.VideoProbeTool;
import dev.darkroom.core.tool.OriginalSource;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 13's media benchmark, keyframes part: {@code --videos} short videos generated with ffmpeg
 * (10 s, 1280×720, H.264, varied test sources) go through {@code video-basic}'s first two steps as
 * a partition runs them — {@code video-probe}, then {@code keyframes} with the probe as upstream —
 * and through a raw loop doing the same work as strongly as we know how: {@code ffprobe} for the
 * duration, then one {@code ffmpeg} that seeks to each of the 9 frame times and writes 512-pixel
 * JPEGs. Both sequential, one video at a time, in the same JVM and run, alternating; each figure is
 * the median of {@code --repeat} repetitions after a warm-up. Not a test: prints figures.
 *
 * <pre>bench/run media [--videos N] [--repeat R]</pre>
 */
public final class MediaBenchmark {

  private static final int FRAMES = 9;
  private static final int SIZE = 512;

  private MediaBenchmark() {}

  public static void main(String[] args) throws Exception {
    int videos = intOption(args, "--videos", 20);
    int repeat = intOption(args, "--repeat", 5);
    Path work = Files.createTempDirectory("darkroom-bench-media");
    try {
      Path temp = Files.createDirectories(work.resolve("tmp"));
      List<Path> clips = generate(Files.createDirectories(work.resolve("videos")), videos);
      Ffmpeg ffmpeg = Ffmpeg.fromPath(temp);
      if (ffmpeg.unavailableReason().isPresent()) {
        throw new IllegalStateException(ffmpeg.unavailableReason().get());
      }
      VideoProbeTool probe = new VideoProbeTool(ffmpeg);
      KeyframesTool keyframes = new KeyframesTool(ffmpeg);
      List<Double> darkroom = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      for (int round = 0; round <= repeat; round++) {
        double d = timeDarkroom(clips, probe, keyframes);
        double r = timeRaw(clips, work.resolve("raw"));
        if (round > 0) { // round 0 warms up the JIT and the page cache
          darkroom.add(d);
          raw.add(r);
        }
      }
      double darkroomMedian = median(darkroom);
      double rawMedian = median(raw);
      System.out.printf(
          Locale.ROOT,
          "keyframes of %d videos (10 s, 1280x720), %d frames at %d px, median of %d:%n",
          videos,
          FRAMES,
          SIZE,
          repeat);
      System.out.printf(
          Locale.ROOT,
          "  %-40s %8.2f s  %6.2f videos/s%n",
          "video-probe + keyframes (Darkroom tools)",
          darkroomMedian,
          videos / darkroomMedian);
      System.out.printf(
          Locale.ROOT,
          "  %-40s %8.2f s  %6.2f videos/s%n",
          "ffprobe + ffmpeg loop (raw)",
          rawMedian,
          videos / rawMedian);
      System.out.printf(
          Locale.ROOT,
          "  throughput Darkroom / raw: %.2fx (target >= 0.9x)%n",
          rawMedian / darkroomMedian);
      System.out.printf(
          Locale.ROOT, "  all runs, Darkroom: %s; raw: %s%n", seconds(darkroom), seconds(raw));
    } finally {
      deleteTree(work);
    }
  }

  private static double timeDarkroom(List<Path> clips, VideoProbeTool probe, KeyframesTool tool) {
    long start = System.nanoTime();
    for (Path clip : clips) {
      ToolInput input = input(clip, ToolParameters.empty(), Map.of());
      ToolOutput probed = success(probe.process(input));
      ToolParameters frames = ToolParameters.of(Map.of("frameCount", FRAMES, "frameSize", SIZE));
      success(tool.process(input(clip, frames, Map.of(probed.kind(), probed))));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double timeRaw(List<Path> clips, Path out) throws Exception {
    long start = System.nanoTime();
    for (Path clip : clips) {
      Files.createDirectories(out);
      String duration =
          run(
              List.of(
                  "ffprobe",
                  "-v",
                  "error",
                  "-show_entries",
                  "format=duration",
                  "-of",
                  "default=noprint_wrappers=1:nokey=1",
                  clip.toString()));
      double seconds = Double.parseDouble(duration.strip());
      List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin"));
      for (int i = 0; i < FRAMES; i++) {
        command.addAll(
            List.of(
                "-ss",
                String.format(Locale.ROOT, "%.3f", seconds * (2 * i + 1) / (2.0 * FRAMES)),
                "-i",
                clip.toString()));
      }
      for (int i = 0; i < FRAMES; i++) {
        command.addAll(
            List.of(
                "-map",
                i + ":v:0",
                "-frames:v",
                "1",
                "-vf",
                "scale=w='min(%d,iw)':h='min(%d,ih)':force_original_aspect_ratio=decrease"
                    .formatted(SIZE, SIZE),
                "-q:v",
                "3",
                "-y",
                out.resolve("f" + i + ".jpg").toString()));
      }
      run(command);
      for (int i = 0; i < FRAMES; i++) {
        Files.readAllBytes(out.resolve("f" + i + ".jpg")); // as the tool reads its frames
      }
      deleteTree(out);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static List<Path> generate(Path dir, int count) throws Exception {
    String[] sources = {"testsrc", "testsrc2", "smptebars", "smptehdbars", "rgbtestsrc"};
    List<Path> clips = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path clip = dir.resolve("clip-%02d.mp4".formatted(i));
      run(
          List.of(
              "ffmpeg",
              "-v",
              "error",
              "-nostdin",
              "-y",
              "-f",
              "lavfi",
              "-i",
              sources[i % sources.length] + "=size=1280x720:rate=30:duration=10",
              "-c:v",
              "libx264",
              "-preset",
              "veryfast",
              "-g",
              "60",
              "-pix_fmt",
              "yuv420p",
              clip.toString()));
      clips.add(clip);
    }
    return clips;
  }

  private static ToolInput input(
      Path clip, ToolParameters parameters, Map<String, ToolOutput> upstream) {
    OriginalSource original =
        new OriginalSource() {
          @Override
          public InputStream open() throws IOException {
            return Files.newInputStream(clip);
          }

          @Override
          public Optional<Path> file() {
            return Optional.of(clip);
          }
        };
    return new ToolInput(1L, "video/mp4", original, parameters, upstream);
  }

  private static ToolOutput success(ToolResult result) {
    if (!(result instanceof ToolResult.Success success)) {
      throw new IllegalStateException("the tool did not succeed: " + result);
    }
    return success.outputs().get(success.outputs().size() - 1);
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          command.get(0) + " failed: " + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String seconds(List<Double> values) {
    return Arrays.toString(
        values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toArray());
  }

  private static int intOption(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
