package dev.darkroom.batch.tools.video;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code ffprobe} and {@code ffmpeg} as child processes, each with a timeout. A child that
 * overruns it, or whose caller is interrupted (a cancelled run), is killed with its descendants and
 * waited for, so none outlives the call. Its output goes to files in a private temporary directory
 * under {@code tempRoot} (never inside an archive root), which is deleted afterwards whatever
 * happens. Originals are read in place, by path, read-only: a 2 GB video is never copied or held in
 * memory.
 *
 * <p>Thread-safe; each call has its own directory. Counts its ffmpeg runs, so tests and benchmarks
 * can tell extracted frames from reused ones.
 */
public final class Ffmpeg {

  public static final String FFMPEG = "ffmpeg";
  public static final String FFPROBE = "ffprobe";

  /**
   * A probe reads headers only: seconds even on a loaded machine; a minute means a hang. The
   * default of {@code darkroom.tools.ffprobe-timeout}.
   */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Frames are fetched by seeking, not by decoding the whole video, so even 10 hours is quick. The
   * default of {@code darkroom.tools.ffmpeg-timeout}.
   */
  public static final Duration DEFAULT_FRAMES_TIMEOUT = Duration.ofSeconds(180);

  /** ffmpeg's log context, e.g. {@code [mov,mp4,m4a,3gp,3g2,mj2 @ 0x5599b2f8f1c0] }. */
  private static final java.util.regex.Pattern CONTEXT =
      java.util.regex.Pattern.compile("\\[[^\\]]* @ 0x[0-9a-fA-F]+\\] ?");

  /** Characters of the program's own message kept for a failure reason. */
  private static final int MAX_REASON = 400;

  private final @Nullable Path ffmpeg;
  private final @Nullable Path ffprobe;
  private final Duration probeTimeout;
  private final Duration framesTimeout;
  private final Path tempRoot;
  private final AtomicLong ffmpegRuns = new AtomicLong();

  /**
   * @param ffmpeg the ffmpeg executable, or null when this worker has none
   * @param ffprobe the ffprobe executable, or null when this worker has none
   * @param tempRoot where private temporary directories are made; never inside an archive root
   */
  public Ffmpeg(
      @Nullable Path ffmpeg,
      @Nullable Path ffprobe,
      Duration probeTimeout,
      Duration framesTimeout,
      Path tempRoot) {
    this.ffmpeg = ffmpeg;
    this.ffprobe = ffprobe;
    this.probeTimeout = probeTimeout;
    this.framesTimeout = framesTimeout;
    this.tempRoot = tempRoot;
  }

  /** The programs from the {@code PATH}, if there, with temporary files under java.io.tmpdir. */
  public static Ffmpeg fromPath() {
    return fromPath(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** The programs from the {@code PATH}, if there, with temporary files under {@code tempRoot}. */
  public static Ffmpeg fromPath(Path tempRoot) {
    return fromPath(tempRoot, DEFAULT_PROBE_TIMEOUT, DEFAULT_FRAMES_TIMEOUT);
  }

  /**
   * The programs from the {@code PATH} with these time limits, temporary files in java.io.tmpdir.
   */
  public static Ffmpeg fromPath(Duration probeTimeout, Duration framesTimeout) {
    return fromPath(Path.of(System.getProperty("java.io.tmpdir")), probeTimeout, framesTimeout);
  }

  /** The programs from the {@code PATH}, if there, with these time limits. */
  public static Ffmpeg fromPath(Path tempRoot, Duration probeTimeout, Duration framesTimeout) {
    String path = System.getenv("PATH");
    return new Ffmpeg(
        findOnPath(FFMPEG, path).orElse(null),
        findOnPath(FFPROBE, path).orElse(null),
        probeTimeout,
        framesTimeout,
        tempRoot);
  }

  /** The first executable {@code name} in the directories of {@code path}. */
  static Optional<Path> findOnPath(String name, @Nullable String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Why this worker cannot process video, as a skip reason ({@code tool unavailable (ffmpeg not
   * found)}), or empty when it has both programs.
   */
  public Optional<String> unavailableReason() {
    if (ffmpeg == null) {
      return Optional.of("tool unavailable (" + FFMPEG + " not found)");
    }
    if (ffprobe == null) {
      return Optional.of("tool unavailable (" + FFPROBE + " not found)");
    }
    return Optional.empty();
  }

  /** How many times this instance has started ffmpeg (frame extractions), for tests and benches. */
  public long ffmpegRuns() {
    return ffmpegRuns.get();
  }

  /** A private temporary directory; the caller deletes it with {@link #deleteRecursively}. */
  Path tempDirectory() throws IOException {
    return Files.createTempDirectory(tempRoot, "darkroom-video-");
  }

  /**
   * The original as a file: {@code file} itself when given, else a copy of {@code content} in
   * {@code dir}.
   */
  static Path asFile(@Nullable Path file, ContentOpener content, Path dir) throws IOException {
    if (file != null) {
      return file;
    }
    Path copy = dir.resolve("original");
    try (InputStream in = content.open()) {
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
    }
    return copy;
  }

  /** Opens the original's content, for {@link #asFile}. */
  @FunctionalInterface
  interface ContentOpener {
    InputStream open() throws IOException;
  }

  /**
   * ffprobe's JSON description of a file's container and streams.
   *
   * @param dir a private directory of the caller's for the program's output
   * @throws VideoToolException with ffprobe's own message when it cannot read the file
   */
  public String probeJson(Path video, Path dir) throws VideoToolException {
    Path program = require(ffprobe, FFPROBE);
    List<String> command =
        List.of(
            program.toString(),
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            video.toString());
    Path out = dir.resolve("ffprobe.json");
    run(FFPROBE, command, out, dir.resolve("ffprobe.log"), probeTimeout, video);
    try {
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VideoToolException("cannot read ffprobe's output: " + e.getMessage(), true);
    }
  }

  /**
   * One JPEG per timestamp, fitted into {@code maxSize}×{@code maxSize} (never enlarged), turned
   * upright by the stream's rotation; one ffmpeg run that seeks to each timestamp.
   *
   * @param dir a private directory of the caller's; the frames are written there
   * @return the frame files, in the order of {@code secondsAt}
   * @throws VideoToolException with ffmpeg's own message when a frame cannot be had
   */
  public List<Path> extractFrames(Path video, List<Double> secondsAt, int maxSize, Path dir)
      throws VideoToolException {
    Path program = require(ffmpeg, FFMPEG);
    List<String> command = new ArrayList<>(List.of(program.toString(), "-v", "error", "-nostdin"));
    for (double at : secondsAt) {
      // -ss before -i seeks by the container's index: no decoding of what lies before.
      command.addAll(List.of("-ss", seconds(at), "-i", video.toString()));
    }
    String scale =
        "scale=w='min(%d,iw)':h='min(%d,ih)':force_original_aspect_ratio=decrease"
            .formatted(maxSize, maxSize);
    List<Path> frames = new ArrayList<>();
    for (int i = 0; i < secondsAt.size(); i++) {
      Path frame = dir.resolve("frame-%03d.jpg".formatted(i));
      frames.add(frame);
      command.addAll(
          List.of(
              "-map",
              i + ":v:0",
              "-frames:v",
              "1",
              "-vf",
              scale,
              "-q:v",
              "3",
              "-y",
              frame.toString()));
    }
    Path log = dir.resolve("ffmpeg.log");
    ffmpegRuns.incrementAndGet();
    run(FFMPEG, command, dir.resolve("ffmpeg.out"), log, framesTimeout, video);
    for (int i = 0; i < frames.size(); i++) {
      Path frame = frames.get(i);
      if (!Files.isRegularFile(frame) || size(frame) == 0) {
        // ffmpeg exits 0 when a seek lands past the data a truncated file really has.
        throw new VideoToolException(
            FFMPEG + " made no frame at " + seconds(secondsAt.get(i)) + " s: " + tail(log, video));
      }
    }
    return frames;
  }

  private static Path require(@Nullable Path program, String name) throws VideoToolException {
    if (program == null) {
      throw new VideoToolException("tool unavailable (" + name + " not found)");
    }
    return program;
  }

  private static void run(
      String name, List<String> command, Path out, Path log, Duration timeout, Path video)
      throws VideoToolException {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(log.toFile())
              .start();
    } catch (IOException e) {
      throw new VideoToolException("cannot start " + name + ": " + e.getMessage(), true);
    }
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new VideoToolException(name + " was interrupted (run cancelled?); killed");
    }
    if (!exited) {
      kill(process);
      throw new VideoToolException(
          name + " did not finish within " + timeout.toSeconds() + " s; killed");
    }
    if (process.exitValue() != 0) {
      throw new VideoToolException(tail(log, video));
    }
  }

  /** Kills the child and anything it started, and waits, so its files can be deleted. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    boolean interrupted = Thread.interrupted();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The program's own message: one line per problem, joined with "; ", without the {@code
   * [mov,mp4… @ 0x55…]} context prefixes, the end kept if long; the video's full path, which ffmpeg
   * puts first, shortened to its name (a temporary copy's path means nothing to anyone).
   */
  private static String tail(Path log, Path video) {
    List<String> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        String clean =
            CONTEXT
                .matcher(line.replace(video.toString(), String.valueOf(video.getFileName())))
                .replaceAll("")
                .strip()
                .replaceAll("\\s+", " ");
        if (!clean.isEmpty()) {
          lines.add(clean);
        }
      }
    } catch (IOException e) {
      return "no message";
    }
    String text = String.join("; ", lines);
    if (text.isEmpty()) {
      return "no message";
    }
    return text.length() <= MAX_REASON ? text : "…" + text.substring(text.length() - MAX_REASON);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  static String seconds(double at) {
    return String.format(Locale.ROOT, "%.3f", at);
  }

  /** Deletes a temporary directory and everything in it; never throws. */
  static void deleteRecursively(Path dir) {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (IOException e) {
      return;
    }
    for (Path path : paths) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException e) {
        // Nothing better to do; the directory is under the worker's own temporary root.
      }
    }
  }
}
