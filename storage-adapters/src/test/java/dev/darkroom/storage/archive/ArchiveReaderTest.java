package dev.darkroom.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveReaderTest {

  @TempDir Path dir;
  Path photos;
  Path outside;
  ArchiveReader reader;

  @BeforeEach
  void archive() throws Exception {
    photos = Files.createDirectories(dir.resolve("mnt/photos"));
    outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(photos.resolve("a.txt"), "inside");
    Files.createDirectories(photos.resolve("2019"));
    Files.writeString(photos.resolve("2019/b.txt"), "nested");
    Files.writeString(outside.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(photos.resolve("escape.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(photos.resolve("escape-dir"), outside);
    Files.createSymbolicLink(photos.resolve("alias.txt"), photos.resolve("a.txt"));
    reader = new ArchiveReader(List.of(photos));
  }

  @Test
  void opensFilesInsideTheRootForReadingOnly() throws Exception {
    try (InputStream in = reader.open("photos", "2019/b.txt")) {
      assertThat(new String(in.readAllBytes())).isEqualTo("nested");
    }
    try (FileChannel channel = reader.openChannel("photos", "a.txt")) {
      assertThatThrownBy(() -> channel.write(ByteBuffer.wrap(new byte[] {1})))
          .isInstanceOf(NonWritableChannelException.class);
    }
    assertThat(Files.readString(photos.resolve("a.txt"))).isEqualTo("inside");
  }

  @Test
  void symlinkInsideTheRootIsAllowed() throws Exception {
    try (InputStream in = reader.open("photos", "alias.txt")) {
      assertThat(new String(in.readAllBytes())).isEqualTo("inside");
    }
  }

  @Test
  void refusesEveryWayOut() {
    for (String escape :
        List.of(
            "../elsewhere/secret.txt",
            "2019/../../elsewhere/secret.txt",
            "/etc/passwd",
            "",
            "escape.txt",
            "escape-dir/secret.txt")) {
      assertThatThrownBy(() -> reader.open("photos", escape))
          .as(escape)
          .isInstanceOf(PathOutsideArchiveException.class)
          .hasMessageContaining("photos");
    }
  }

  @Test
  void openingAPathFoundByAWalkIsCheckedTheSameWay() {
    MountedRoot root = reader.root("photos");

    assertThatThrownBy(() -> reader.openChannel(root, outside.resolve("secret.txt")))
        .isInstanceOf(PathOutsideArchiveException.class);
    assertThatThrownBy(() -> reader.openChannel(root, photos.resolve("escape.txt")))
        .isInstanceOf(PathOutsideArchiveException.class)
        .hasMessageContaining("symbolic link");
  }

  @Test
  void aRootNotConfiguredIsFoundInTheCatalogAndAConfiguredOneOverridesIt() throws Exception {
    // given a reader configured without roots, and a catalog that knows "photos" and "elsewhere"
    Path elsewhere = dir.resolve("catalogued/elsewhere");
    Files.createDirectories(elsewhere);
    Files.writeString(elsewhere.resolve("e.txt"), "from the catalog");
    CatalogRoots catalog =
        name ->
            switch (name) {
              case "elsewhere" -> java.util.Optional.of(elsewhere);
              case "photos" -> java.util.Optional.of(dir.resolve("wrong/photos"));
              default -> java.util.Optional.empty();
            };
    ArchiveReader unconfigured = new ArchiveReader(List.of(), catalog);
    ArchiveReader configured = new ArchiveReader(List.of(photos), catalog);

    // then the catalog's root opens, the configured path wins, and an unknown name says so
    try (InputStream in = unconfigured.open("elsewhere", "e.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("from the catalog");
    }
    assertThat(unconfigured.requireMounted("elsewhere").path()).isEqualTo(elsewhere);
    assertThat(configured.root("photos").path()).isEqualTo(photos);
    assertThat(unconfigured.roots()).isEmpty();
    assertThatThrownBy(() -> unconfigured.root("nowhere"))
        .isInstanceOf(ArchiveAccessException.class)
        .hasMessageContaining("neither configured here")
        .hasMessageContaining("nor known to the catalog");
  }

  @Test
  void missingRootIsNamedAndNeverLooksEmpty() throws Exception {
    Path unmounted = dir.resolve("mnt/videos");
    ArchiveReader withMissing = new ArchiveReader(List.of(photos, unmounted));

    assertThat(withMissing.requireMounted("photos").path()).isEqualTo(photos);
    assertThatThrownBy(() -> withMissing.requireMounted("videos"))
        .isInstanceOf(ArchiveRootNotMountedException.class)
        .hasMessageContaining("Archive root 'videos'")
        .hasMessageContaining(unmounted.toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("Is the archive mounted?");
    Files.writeString(unmounted, "a file, not a mount");
    assertThatThrownBy(() -> withMissing.requireMounted("videos"))
        .isInstanceOf(ArchiveRootNotMountedException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void rootsAreKnownByUniqueNames() {
    assertThat(reader.roots()).extracting(MountedRoot::name).containsExactly("photos");
    assertThatThrownBy(() -> new ArchiveReader(List.of(photos, dir.resolve("other/photos"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both named 'photos'");
    assertThatThrownBy(() -> reader.root("music"))
        .isInstanceOf(ArchiveAccessException.class)
        .hasMessageContaining("No archive root named 'music'");
  }
}
