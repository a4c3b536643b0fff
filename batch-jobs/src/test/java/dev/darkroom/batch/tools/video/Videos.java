package dev.darkroom.batch.tools.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Real videos made by ffmpeg's test sources, for tests; skips a test when ffmpeg is missing. */
public final class Videos {

  private Videos() {}

  /** Skips the calling test, naming the program, unless ffmpeg and ffprobe are on the PATH. */
  public static void assumeFfmpeg() {
    Assumptions.assumeTrue(
        Ffmpeg.fromPath().unavailableReason().isEmpty(),
        "ffmpeg and ffprobe are not on the PATH (.ci/install-tools installs them)");
  }

  /**
   * Runs ffmpeg with {@code args} after {@code -v error -y}, failing the test when it fails.
   *
   * @return {@code out}
   */
  public static Path ffmpeg(Path out, String... args) {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin", "-y"));
    command.addAll(List.of(args));
    command.add(out.toString());
    try {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "ffmpeg failed: " + new String(output, StandardCharsets.UTF_8) + " for " + command);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code seconds} of ffmpeg's test pattern at {@code width}×{@code height}, 25 fps, H.264. */
  public static Path testPattern(Path out, int width, int height, int seconds, String... metadata) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-f",
                "lavfi",
                "-i",
                "testsrc=size=%dx%d:rate=25:duration=%d".formatted(width, height, seconds)));
    args.addAll(List.of(metadata));
    args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
    return ffmpeg(out, args.toArray(String[]::new));
  }

  /**
   * A phone-like QuickTime movie: Apple's creation date with its offset, ISO 6709 location, make
   * and model.
   */
  public static Path phoneMovie(Path out) {
    return testPattern(
        out,
        320,
        240,
        3,
        "-metadata",
        "com.apple.quicktime.creationdate=2021-06-01T12:20:30+0200",
        "-metadata",
        "com.apple.quicktime.location.ISO6709=+48.8584+002.2945+035.000/",
        "-metadata",
        "com.apple.quicktime.make=Apple",
        "-metadata",
        "com.apple.quicktime.model=iPhone 12",
        "-movflags",
        "use_metadata_tags");
  }
}
