package dev.darkroom.batch.sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Writes many files of pseudo-random bytes for benchmarks (the scan benchmark uses 20,000 × 64
 * KiB): {@value #FILES_PER_DIRECTORY} files per subdirectory, {@code d00000/f0000000.bin}.
 *
 * <p>It fills one buffer from the seed and reuses it for every file, changing only the first eight
 * bytes (the file's index, so every file hashes differently) and a few bytes at seeded positions
 * (so files do not differ only in their prefix). The same seed gives the same bytes. Modification
 * times are left as written.
 */
public final class BenchTreeGenerator {

  static final int FILES_PER_DIRECTORY = 100;

  private static final int VARIED_BYTES = 8;

  private BenchTreeGenerator() {}

  /**
   * Writes {@code files} files of {@code bytesPerFile} bytes each under {@code dir}.
   *
   * @param dir a directory that does not exist yet or is empty
   * @param files how many files, zero or more
   * @param bytesPerFile size of each file; at least 8, so the index fits and hashes differ
   * @throws NonEmptyDirectoryException if {@code dir} holds anything or is a file
   * @throws IllegalArgumentException if {@code files} is negative or {@code bytesPerFile} below 8
   */
  public static BenchTree generate(Path dir, int files, int bytesPerFile, long seed)
      throws IOException {
    return generate(dir, files, bytesPerFile, seed, new byte[0]);
  }

  /**
   * Like {@link #generate(Path, int, int, long)}, but every file starts with {@code prefix} (for
   * example a real JPEG, so the tree looks like a photo archive to content detection); the file's
   * index and the varied bytes then go after the prefix.
   *
   * @throws IllegalArgumentException if the prefix leaves fewer than 8 bytes per file
   */
  public static BenchTree generate(Path dir, int files, int bytesPerFile, long seed, byte[] prefix)
      throws IOException {
    if (files < 0) {
      throw new IllegalArgumentException("files must be zero or more, was " + files);
    }
    if (bytesPerFile - prefix.length < Long.BYTES) {
      throw new IllegalArgumentException(
          "bytesPerFile must leave at least 8 bytes after the prefix so every file can differ, was "
              + bytesPerFile);
    }
    Path root = TargetDirectories.prepareEmpty(dir);
    Random random = new Random(seed);
    byte[] content = new byte[bytesPerFile];
    random.nextBytes(content);
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    int start = prefix.length;
    ByteBuffer buffer = ByteBuffer.wrap(content);

    int directories = 0;
    Path directory = root;
    for (int i = 0; i < files; i++) {
      if (i % FILES_PER_DIRECTORY == 0) {
        directory = Files.createDirectory(root.resolve("d%05d".formatted(i / FILES_PER_DIRECTORY)));
        directories++;
      }
      buffer.putLong(start, i);
      int tail = bytesPerFile - start - Long.BYTES;
      for (int v = 0; tail > 0 && v < VARIED_BYTES; v++) {
        content[start + Long.BYTES + random.nextInt(tail)] = (byte) random.nextInt(256);
      }
      write(directory.resolve("f%07d.bin".formatted(i)), buffer);
    }
    return new BenchTree(root, files, directories, (long) files * bytesPerFile);
  }

  private static void write(Path file, ByteBuffer buffer) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      buffer.rewind();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }
}
