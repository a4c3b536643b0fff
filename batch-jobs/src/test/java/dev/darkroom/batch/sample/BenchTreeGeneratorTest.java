package dev.darkroom.batch.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTreeGeneratorTest {

  @Test
  void writesTheRequestedFilesAHundredPerDirectoryAllDifferent(@TempDir Path dir) throws Exception {
    BenchTree tree = BenchTreeGenerator.generate(dir.resolve("tree"), 250, 1024, 42);

    Map<String, String> hashes = hashes(tree.root());
    assertThat(tree.files()).isEqualTo(250);
    assertThat(tree.directories()).isEqualTo(3);
    assertThat(tree.totalBytes()).isEqualTo(250 * 1024L);
    assertThat(hashes).hasSize(250).containsKeys("d00000/f0000000.bin", "d00002/f0000249.bin");
    assertThat(hashes.values()).doesNotHaveDuplicates();
    try (Stream<Path> files = Files.list(tree.root().resolve("d00001"))) {
      assertThat(files).hasSize(100).allMatch(f -> sizeOf(f) == 1024);
    }
  }

  @Test
  void everyFileStartsWithTheGivenPrefixAndStillDiffers(@TempDir Path dir) throws Exception {
    byte[] prefix = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3};

    BenchTree tree = BenchTreeGenerator.generate(dir.resolve("tree"), 120, 64, 9, prefix);

    Map<String, String> hashes = hashes(tree.root());
    assertThat(hashes.values()).hasSize(120).doesNotHaveDuplicates();
    for (String rel : hashes.keySet()) {
      byte[] bytes = Files.readAllBytes(tree.root().resolve(rel));
      assertThat(bytes).hasSize(64);
      assertThat(java.util.Arrays.copyOf(bytes, prefix.length)).isEqualTo(prefix);
    }
    assertThatThrownBy(() -> BenchTreeGenerator.generate(dir.resolve("small"), 1, 10, 9, prefix))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sameSeedSameBytesOtherSeedOtherBytes(@TempDir Path dir) throws Exception {
    BenchTreeGenerator.generate(dir.resolve("a"), 120, 4096, 7);
    BenchTreeGenerator.generate(dir.resolve("b"), 120, 4096, 7);
    BenchTreeGenerator.generate(dir.resolve("c"), 120, 4096, 8);

    assertThat(hashes(dir.resolve("a"))).isEqualTo(hashes(dir.resolve("b")));
    assertThat(hashes(dir.resolve("c")).values())
        .doesNotContainAnyElementsOf(hashes(dir.resolve("a")).values());
  }

  @Test
  void smallestFilesStillDifferByTheirIndex(@TempDir Path dir) throws Exception {
    BenchTreeGenerator.generate(dir, 5, 8, 1);

    assertThat(hashes(dir).values()).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void refusesANonEmptyDirectoryAndNonsenseSizes(@TempDir Path dir) throws IOException {
    Files.createDirectory(dir.resolve("something"));

    assertThatThrownBy(() -> BenchTreeGenerator.generate(dir, 10, 64, 1))
        .isInstanceOf(NonEmptyDirectoryException.class);
    assertThatThrownBy(() -> BenchTreeGenerator.generate(dir.resolve("new"), 10, 7, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 8");
    assertThatThrownBy(() -> BenchTreeGenerator.generate(dir.resolve("new"), -1, 64, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, String> hashes(Path root)
      throws IOException, NoSuchAlgorithmException {
    Map<String, String> hashes = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      hashes.put(
          root.relativize(file).toString(),
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
    }
    return hashes;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
