package dev.darkroom.batch.scan;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Builds archive trees for scan tests and takes byte-exact snapshots of them. */
final class TestArchive {

  private TestArchive() {}

  static Path newRoot(String name) {
    try {
      Path parent = Files.createTempDirectory("darkroom-archive");
      return Files.createDirectory(parent.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] image(String format, int width, int height, int seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(seed * 37 % 255, seed * 91 % 255, seed * 53 % 255));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.drawString("#" + seed, 3, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, format, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static Path write(Path root, String rel, byte[] bytes) {
    try {
      Path file = root.resolve(rel);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path root, String rel, String text) {
    return write(root, rel, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static void touch(Path file, long epochSecond) throws IOException {
    Files.setLastModifiedTime(file, FileTime.fromMillis(epochSecond * 1000));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void sh(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", script).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("script failed: " + script);
    }
  }

  /**
   * Every entry under the root (without following links): type, size, mtime, mode and, for regular
   * files, content hash. Two equal snapshots mean nothing was written, touched or added.
   */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        BasicFileAttributes a =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String mode = String.valueOf(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
        String content = "";
        if (a.isRegularFile() && Files.isReadable(p)) {
          content = sha256(Files.readAllBytes(p));
        } else if (a.isSymbolicLink()) {
          content = "-> " + Files.readSymbolicLink(p);
        }
        entries.put(
            root.relativize(p).toString(),
            String.join(
                " ",
                a.isDirectory() ? "d" : a.isRegularFile() ? "f" : a.isSymbolicLink() ? "l" : "o",
                Long.toString(a.size()),
                a.lastModifiedTime().toString(),
                mode,
                content));
      }
    }
    return entries;
  }
}
