package dev.darkroom.batch.testing;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The generated sample archive in a fresh temporary directory, for a test class's constants. */
public final class SampleArchives {

  private SampleArchives() {}

  /**
   * Generates the sample archive at {@code <new temp dir>/photos}; the temp dir's name starts with
   * {@code prefix}, and its {@code data} sibling of {@code photos} is free for the test's data dir.
   */
  public static SampleArchive inTemp(String prefix) {
    try {
      Path base = Files.createTempDirectory(prefix);
      return SampleArchiveGenerator.generate(base.resolve("photos"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
