package dev.darkroom.bench.media;

import dev.darkroom.batch.tools.video.Ffmpeg;
import dev.darkroom.batch.tools.video.KeyframesTool;
import dev.darkroom.batch.tools.video.VideoProbeTool;
import dev.darkroom.bench.duplicates.DuplicatesBenchmark;
import dev.darkroom.bench.runs.CpuMeter;
import dev.darkroom.bench.runs.ThumbnailRuns;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 13's media benchmark, every figure of the issue in one command:
 *
 * <ol>
 *   <li><b>thumbnails</b> of {@code --images} HEICs and as many JPEGs, each set through a real run
 *       against the raw tool loop in the same JVM ({@link ThumbnailRuns});
 *   <li><b>keyframes</b> of {@code --videos} short videos generated with ffmpeg (10 s, 1280×720,
 *       H.264, varied test sources) through {@code video-basic}'s first two steps as a partition
 *       runs them — {@code video-probe}, then {@code keyframes} with the probe as upstream — and
 *       through a raw loop doing the same work as strongly as we know how: {@code ffprobe} for the
 *       duration, then one {@code ffmpeg} that seeks to each of the 9 frame times and writes
 *       512-pixel JPEGs. Both sequential, one video at a time, alternating; each figure is the
 *       median of {@code --repeat} repetitions after a warm-up, with the CPU seconds of the JVM and
 *       its ended children (ffprobe, ffmpeg) beside it;
 *   <li><b>duplicates</b>: {@code bench/run duplicates} with {@code --duplicates-repeat}
 *       repetitions (the aggregate at 100,000 and 1,000,000 hashes, the growth, the raw loop).
 * </ol>
 *
 * <p>Not a test: prints figures. {@code bench/run media [--images N] [--videos N] [--repeat R]
 * [--duplicates-repeat R] [--skip-thumbnails] [--skip-heic] [--skip-jpeg] [--skip-keyframes]
 * [--skip-duplicates]}
 */
public final class MediaBenchmark {

  private static final int FRAMES = 9;
  private static final int SIZE = 512;
  private static final double TARGET_RATIO = 0.9;

  private MediaBenchmark() {}

  public static void main(String[] args) throws Exception {
    int exit = 0;
    try {
      run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      exit = 1;
    }
    System.exit(exit); // the runs' Spring contexts leave non-daemon threads behind
  }

  private static void run(String[] args) throws Exception {
    List<String> flags = List.of(args);
    int images = intOption(args, "--images", 1_000);
    int videos = intOption(args, "--videos", 20);
    int repeat = intOption(args, "--repeat", 3);
    int duplicatesRepeat = intOption(args, "--duplicates-repeat", 3);
    System.out.printf(
        Locale.ROOT,
        "bench/run media: %d cores, load %s at the start; %d repetitions per case (median)%n",
        Runtime.getRuntime().availableProcessors(),
        load(),
        repeat);
    if (!flags.contains("--skip-thumbnails")) {
      if (!flags.contains("--skip-heic")) {
        thumbnails(ThumbnailRuns.Format.HEIC, images, repeat);
      }
      if (!flags.contains("--skip-jpeg")) {
        thumbnails(ThumbnailRuns.Format.JPEG, images, repeat);
      }
    }
    if (!flags.contains("--skip-keyframes")) {
      keyframes(videos, repeat);
    }
    if (!flags.contains("--skip-duplicates")) {
      System.out.println();
      DuplicatesBenchmark.main(new String[] {"--repeat", Integer.toString(duplicatesRepeat)});
    }
    System.out.printf(Locale.ROOT, "%nload at the end: %s%n", load());
  }

  private static void thumbnails(ThumbnailRuns.Format format, int n, int repeat) throws Exception {
    Path work = Files.createTempDirectory("darkroom-bench-thumbnails");
    try {
      ThumbnailRuns.measure(work, format, n, repeat);
    } finally {
      deleteTree(work);
    }
  }

  private static void keyframes(int videos, int repeat) throws Exception {
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
      // The JVM with its ended children (every ffprobe and ffmpeg); no PostgreSQL here.
      CpuMeter cpu = new CpuMeter(-1);
      List<Double> darkroom = new ArrayList<>();
      List<Double> darkroomCpu = new ArrayList<>();
      List<Double> raw = new ArrayList<>();
      List<Double> rawCpu = new ArrayList<>();
      System.out.printf(
          Locale.ROOT,
          "%nkeyframes of %d videos (10 s, 1280x720), %d frames at %d px; load %s%n",
          videos,
          FRAMES,
          SIZE,
          load());
      for (int round = 0; round <= repeat; round++) {
        cpu.since();
        double d = timeDarkroom(clips, probe, keyframes);
        double dCpu = cpu.since().total();
        double r = timeRaw(clips, work.resolve("raw"));
        double rCpu = cpu.since().total();
        if (round > 0) { // round 0 warms up the JIT and the page cache
          darkroom.add(d);
          darkroomCpu.add(dCpu);
          raw.add(r);
          rawCpu.add(rCpu);
          System.out.printf(
              Locale.ROOT,
              "repetition %d  tools %6.2f s wall, %6.2f CPU s; raw loop %6.2f s wall, %6.2f CPU s;"
                  + " load %s%n",
              round,
              d,
              dCpu,
              r,
              rCpu,
              load());
        }
      }
      double darkroomMedian = median(darkroom);
      double rawMedian = median(raw);
      System.out.printf(
          Locale.ROOT,
          "  %-40s %8.2f s wall %8.2f CPU s  %6.2f videos/s%n",
          "video-probe + keyframes (Darkroom tools)",
          darkroomMedian,
          median(darkroomCpu),
          videos / darkroomMedian);
      System.out.printf(
          Locale.ROOT,
          "  %-40s %8.2f s wall %8.2f CPU s  %6.2f videos/s%n",
          "ffprobe + ffmpeg loop (raw)",
          rawMedian,
          median(rawCpu),
          videos / rawMedian);
      double ratio = rawMedian / darkroomMedian;
      double cpuRatio = median(rawCpu) / median(darkroomCpu);
      System.out.printf(
          Locale.ROOT,
          "  keyframes, tools / raw loop, wall throughput: %.2fx   target >= %.1fx   %s%n",
          ratio,
          TARGET_RATIO,
          ratio >= TARGET_RATIO ? "met" : "MISSED");
      System.out.printf(
          Locale.ROOT,
          "  keyframes, tools / raw loop, CPU s:           %.2fx   target >= %.1fx   %s%n",
          cpuRatio,
          TARGET_RATIO,
          cpuRatio >= TARGET_RATIO ? "met" : "MISSED");
    } finally {
      deleteTree(work);
    }
  }

  private static String load() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
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
