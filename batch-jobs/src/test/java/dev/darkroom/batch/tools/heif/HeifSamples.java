package dev.darkroom.batch.tools.heif;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * HEIC files made at test time by libheif's {@code heif-enc} from a JPEG, optionally tagged by
 * {@code exiftool} first (heif-enc carries the JPEG's EXIF over). Tests using them are skipped,
 * naming the program, where it is missing.
 */
public final class HeifSamples {

  private HeifSamples() {}

  /** A HEIC of a picture {@code width × height}: orange with a black band across the top. */
  public static byte[] heic(Path dir, int width, int height, String... exiftoolArgs)
      throws IOException, InterruptedException {
    requireProgram("heif-enc");
    Path jpeg = Files.createTempFile(dir, "source", ".jpg");
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, width, height / 4);
    g.dispose();
    ImageIO.write(image, "jpeg", jpeg.toFile());
    if (exiftoolArgs.length > 0) {
      requireProgram("exiftool");
      List<String> command = new ArrayList<>(List.of("exiftool", "-q", "-overwrite_original"));
      command.addAll(List.of(exiftoolArgs));
      command.add(jpeg.toString());
      run(command);
    }
    Path heic = Path.of(jpeg.toString().replace(".jpg", ".heic"));
    run(List.of("heif-enc", "-q", "60", jpeg.toString(), "-o", heic.toString()));
    byte[] bytes = Files.readAllBytes(heic);
    Files.delete(jpeg);
    Files.delete(heic);
    return bytes;
  }

  /** Whether the program is on the PATH. */
  public static boolean onPath(String program) {
    return HeifConvert.findOnPath(program, System.getenv("PATH")).isPresent();
  }

  /** Skips the calling test, naming the program, when it is not on the PATH. */
  public static void requireProgram(String program) {
    assumeTrue(
        HeifConvert.findOnPath(program, System.getenv("PATH")).isPresent(),
        program + " is not on the PATH");
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(command.get(0) + " failed: " + output);
    }
  }
}
