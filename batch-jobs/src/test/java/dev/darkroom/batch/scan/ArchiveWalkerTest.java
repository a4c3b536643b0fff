package dev.darkroom.batch.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.catalog.ProblemKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWalkerTest {

  @TempDir Path root;

  @Test
  void walksDepthFirstInNameOrder() throws Exception {
    givenTree();

    assertThat(walk(null))
        .containsExactly("a/1.txt", "a/b/2.txt", "a/b/3.txt", "a/c.txt", "d.txt", "e/4.txt");
  }

  @Test
  void resumesRightAfterAnyPathItYielded() throws Exception {
    givenTree();
    List<String> all = walk(null);

    for (int i = 0; i < all.size(); i++) {
      assertThat(walk(all.get(i)))
          .as("resume after %s", all.get(i))
          .isEqualTo(all.subList(i + 1, all.size()));
    }
  }

  @Test
  void resumeAfterPathThatNoLongerExistsContinuesWithTheNextName() throws Exception {
    givenTree();

    assertThat(walk("a/b/25.txt")).containsExactly("a/b/3.txt", "a/c.txt", "d.txt", "e/4.txt");
  }

  @Test
  void veryDeepTreeIsWalkedWithoutRecursionAndTooDeepPartIsReported() throws Exception {
    Path dir = root;
    for (int i = 0; i < 600; i++) {
      dir = Files.createDirectory(dir.resolve("d"));
    }
    Files.writeString(dir.resolve("bottom.txt"), "deep");

    List<WalkEntry> unlimited = entries(new ArchiveWalker(root, 10_000, null));
    List<WalkEntry> limited = entries(new ArchiveWalker(root, 100, null));

    assertThat(unlimited)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.problem()).isNull();
              assertThat(e.relPath())
                  .endsWith("/bottom.txt")
                  .hasSize(600 * 2 + "bottom.txt".length());
            });
    assertThat(limited)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.problem()).isEqualTo(ProblemKind.TOO_DEEP);
              assertThat(e.message()).contains("max-depth=100");
            });
  }

  private void givenTree() throws Exception {
    for (String rel : List.of("a/1.txt", "a/b/2.txt", "a/b/3.txt", "a/c.txt", "d.txt", "e/4.txt")) {
      Path file = root.resolve(rel);
      Files.createDirectories(file.getParent());
      Files.writeString(file, rel);
    }
  }

  private List<String> walk(String resumeAfter) throws Exception {
    return entries(new ArchiveWalker(root, 100, resumeAfter)).stream()
        .map(WalkEntry::relPath)
        .toList();
  }

  private static List<WalkEntry> entries(ArchiveWalker walker) {
    List<WalkEntry> entries = new ArrayList<>();
    for (WalkEntry e = walker.next(); e != null; e = walker.next()) {
      entries.add(e);
    }
    return entries;
  }
}
