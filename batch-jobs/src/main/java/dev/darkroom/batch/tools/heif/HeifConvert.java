package dev.darkroom.batch.tools.heif;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Decodes HEIC/HEIF (and whatever else the local libheif decodes, e.g. AVIF) to JPEG by running
 * libheif's {@code heif-convert} as a child process with a timeout. The picture comes out with the
 * file's own transformations (rotation, mirror, crop) applied, as HEIF requires; the EXIF
 * orientation tag, which in HEIF is informative only, must not be applied again.
 *
 * <p>The original is copied to a private temporary directory (heif-convert reads only named files),
 * which is deleted afterwards whatever happens: nothing is ever written next to an original.
 * Thread-safe; each call has its own directory.
 */
public final class HeifConvert {

  /** The program's name, looked up on the worker's {@code PATH}. */
  public static final String PROGRAM = "heif-convert";

  /** A 48-megapixel HEIC decodes in a few seconds on a loaded machine; a minute means a hang. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** JPEG quality of the intermediate image; high, since the thumbnail re-encodes it. */
  private static final String QUALITY = "92";

  /** Bytes of heif-convert's own output kept for a failure reason. */
  private static final int MAX_REASON = 300;

  private final @Nullable Path program;
  private final Duration timeout;
  private final Path tempRoot;

  /**
   * @param program the executable, or null when this worker has none
   * @param timeout how long one decode may take before the child is killed
   * @param tempRoot where private temporary directories are made; never inside an archive root
   */
  public HeifConvert(@Nullable Path program, Duration timeout, Path tempRoot) {
    this.program = program;
    this.timeout = timeout;
    this.tempRoot = tempRoot;
  }

  /**
   * {@code heif-convert} from the {@code PATH}, if there, with temporary files under
   * java.io.tmpdir.
   */
  public static HeifConvert fromPath() {
    return fromPath(DEFAULT_TIMEOUT);
  }

  /** The same with this time limit per decode ({@code darkroom.tools.heif-convert-timeout}). */
  public static HeifConvert fromPath(Duration timeout) {
    return new HeifConvert(
        findOnPath(PROGRAM, System.getenv("PATH")).orElse(null),
        timeout,
        Path.of(System.getProperty("java.io.tmpdir")));
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

  /** Whether this worker can decode HEIF at all. */
  public boolean available() {
    return program != null;
  }

  /** Why {@link #available()} is false, as a skip reason. */
  public static String unavailableReason() {
    return "tool unavailable (" + PROGRAM + " not found)";
  }

  /**
   * The picture of a HEIF file as JPEG bytes, transformations applied.
   *
   * @throws HeifDecodeException if the program is missing, fails, or runs out of time; the message
   *     is heif-convert's own reason
   * @throws IOException if the temporary files cannot be written or read (disk full)
   */
  public byte[] toJpeg(byte[] heif) throws IOException {
    Path executable = program;
    if (executable == null) {
      throw new HeifDecodeException(unavailableReason());
    }
    Path dir = Files.createTempDirectory(tempRoot, "darkroom-heif-");
    try {
      Path in = Files.write(dir.resolve("in.heic"), heif);
      Path out = dir.resolve("out.jpg");
      Path log = dir.resolve("heif-convert.log");
      Process process =
          new ProcessBuilder(executable.toString(), "-q", QUALITY, in.toString(), out.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      finish(process, log);
      Path decoded = written(dir, out);
      if (decoded == null) {
        throw new HeifDecodeException(PROGRAM + " wrote no image: " + tail(log));
      }
      return Files.readAllBytes(decoded);
    } finally {
      deleteRecursively(dir);
    }
  }

  private void finish(Process process, Path log) throws IOException {
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // A cancelled run: the child goes now, not at its timeout.
      kill(process);
      Thread.currentThread().interrupt();
      throw new HeifDecodeException(PROGRAM + " was interrupted (run cancelled?); killed");
    }
    if (!exited) {
      kill(process);
      throw new HeifDecodeException(
          PROGRAM + " did not finish within " + timeout.toSeconds() + " s; killed");
    }
    if (process.exitValue() != 0) {
      throw new HeifDecodeException(
          PROGRAM + " failed (exit " + process.exitValue() + "): " + tail(log));
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
   * The image written: {@code out.jpg}, or, for a file holding several top-level images, which
   * heif-convert numbers {@code out-1.jpg, out-2.jpg…}, the first.
   */
  private static @Nullable Path written(Path dir, Path out) throws IOException {
    if (Files.isRegularFile(out)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().matches("out-\\d+\\.jpg"))
          .min(Comparator.comparingInt(HeifConvert::number))
          .orElse(null);
    }
  }

  private static int number(Path numbered) {
    String name = numbered.getFileName().toString();
    return Integer.parseInt(name.substring(4, name.length() - 4));
  }

  private static String tail(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    if (text.isEmpty()) {
      return "no message";
    }
    return text.length() <= MAX_REASON ? text : "…" + text.substring(text.length() - MAX_REASON);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.deleteIfExists(path);
    }
  }
}
