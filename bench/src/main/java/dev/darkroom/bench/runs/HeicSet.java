package dev.darkroom.bench.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The thumbnail benchmark's HEIC archive: {@code n} HEIC files with distinct content hashes, made
 * fast. {@value #BASES} pictures are painted as in {@link JpegSet} and encoded once with libheif's
 * {@code heif-enc} (x265, slow: a second or more each on a loaded machine); every file is one of
 * them with a top-level ISOBMFF {@code free} box holding its index appended. Readers skip {@code
 * free} boxes, and appending one moves no offset in the file, so every file decodes to its base.
 */
final class HeicSet {

  static final int BASES = 10;

  private HeicSet() {}

  /**
   * Writes {@code n} files as {@code dNN/img-NNNNNN.heic} under {@code dir}, encoding the bases in
   * {@code scratch}; returns total bytes.
   *
   * @throws IllegalStateException if {@code heif-enc} (Debian's libheif-examples) fails or is
   *     missing
   */
  static long generate(Path dir, Path scratch, int n, int width, int height) throws IOException {
    Files.createDirectories(scratch);
    byte[][] bases = new byte[BASES][];
    IntStream.range(0, BASES)
        .parallel()
        .forEach(
            i -> {
              try {
                Path jpeg =
                    Files.write(
                        scratch.resolve("base-" + i + ".jpg"),
                        JpegSet.encode(JpegSet.paint(i, width, height)));
                Path heic = scratch.resolve("base-" + i + ".heic");
                encode(jpeg, heic);
                bases[i] = Files.readAllBytes(heic);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    for (int d = 0; d <= (n - 1) / 1000; d++) {
      Files.createDirectories(dir.resolve(String.format("d%02d", d)));
    }
    return IntStream.range(0, n)
        .parallel()
        .mapToLong(
            i -> {
              byte[] heic = withFreeBox(bases[i % BASES], "darkroom bench asset " + i);
              Path file = dir.resolve(String.format("d%02d/img-%06d.heic", i / 1000, i));
              try {
                Files.write(file, heic);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return heic.length;
            })
        .sum();
  }

  private static void encode(Path jpeg, Path heic) throws IOException {
    Process process =
        new ProcessBuilder("heif-enc", "-q", "60", "-o", heic.toString(), jpeg.toString())
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "heif-enc failed: " + new String(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The file with a {@code free} box holding {@code text} appended. */
  static byte[] withFreeBox(byte[] heic, String text) {
    byte[] payload = text.getBytes(StandardCharsets.US_ASCII);
    int size = 8 + payload.length;
    byte[] out = new byte[heic.length + size];
    System.arraycopy(heic, 0, out, 0, heic.length);
    int at = heic.length;
    out[at] = (byte) (size >>> 24);
    out[at + 1] = (byte) (size >>> 16);
    out[at + 2] = (byte) (size >>> 8);
    out[at + 3] = (byte) size;
    System.arraycopy("free".getBytes(StandardCharsets.US_ASCII), 0, out, at + 4, 4);
    System.arraycopy(payload, 0, out, at + 8, payload.length);
    return out;
  }
}
