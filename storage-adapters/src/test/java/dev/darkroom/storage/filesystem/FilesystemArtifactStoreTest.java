package dev.darkroom.storage.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.storage.ArtifactEntry;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.storage.contract.Payloads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the filesystem store promises, beyond the contract. */
class FilesystemArtifactStoreTest {

  @TempDir Path dir;

  @Test
  void storeRootInsideAnArchiveRootIsRefusedBeforeAnythingIsCreated() throws Exception {
    Path archive = Files.createDirectories(dir.resolve("archive"));
    Path root = archive.resolve("year/derived");

    assertThatThrownBy(() -> new FilesystemArtifactStore(root, List.of(archive)))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining("overlaps the archive root " + archive)
        .hasMessageContaining("darkroom.storage.filesystem.root");
    assertThat(archive.resolve("year")).doesNotExist();
  }

  @Test
  void archiveRootInsideTheStoreRootIsRefused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("store"));
    Path archive = Files.createDirectories(root.resolve("photos"));

    assertThatThrownBy(() -> new FilesystemArtifactStore(root, List.of(archive)))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining("overlaps");
  }

  @Test
  void overlapHiddenBehindASymlinkIsFoundByComparingRealPaths() throws Exception {
    Path archive = Files.createDirectories(dir.resolve("archive"));
    Path link = Files.createSymbolicLink(dir.resolve("innocent"), archive);

    assertThatThrownBy(
            () -> new FilesystemArtifactStore(link.resolve("artifacts"), List.of(archive)))
        .isInstanceOf(ArtifactStoreException.class);
    assertThatThrownBy(
            () -> new FilesystemArtifactStore(archive.resolve("artifacts"), List.of(link)))
        .isInstanceOf(ArtifactStoreException.class);
  }

  @Test
  void siblingsWithACommonNamePrefixDoNotOverlap() throws Exception {
    Path archive = Files.createDirectories(dir.resolve("photos"));

    FilesystemArtifactStore store =
        new FilesystemArtifactStore(dir.resolve("photos-derived"), List.of(archive));

    assertThat(store.root()).isEqualTo(dir.resolve("photos-derived").toRealPath());
  }

  @Test
  void failedPutLeavesNoFileUnderAnyKeyAndNoTemporaryFile() throws Exception {
    // given a stream that breaks after 1 MiB
    FilesystemArtifactStore store = new FilesystemArtifactStore(dir.resolve("store"), List.of());
    InputStream breaking =
        new SequenceInputStream(
            new ByteArrayInputStream(Payloads.random(1024 * 1024)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("connection reset by tool");
              }
            });

    // when
    assertThatThrownBy(() -> store.put(breaking, "video/mp4"))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("connection reset by tool");

    // then
    try (Stream<ArtifactEntry> listed = store.list("")) {
      assertThat(listed).isEmpty();
    }
    try (Stream<Path> temps = Files.list(store.root().resolve(FilesystemArtifactStore.TMP_DIR))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  void blobIsAPlainFileUnderItsFannedOutKeyWithItsMediaTypeBeside() throws Exception {
    FilesystemArtifactStore store = new FilesystemArtifactStore(dir.resolve("store"), List.of());
    byte[] bytes = Payloads.random(1234);

    StoredArtifact stored = store.put(new ByteArrayInputStream(bytes), "image/avif");

    Path file = store.root().resolve(stored.key());
    assertThat(file).hasBinaryContent(bytes);
    assertThat(file.resolveSibling(file.getFileName() + ".type")).hasContent("image/avif");
    try (Stream<ArtifactEntry> listed = store.list("")) {
      assertThat(listed).extracting(ArtifactEntry::key).containsExactly(stored.key());
    }
  }

  @Test
  void withoutABaseUrlThereIsNoDownloadUrl() {
    FilesystemArtifactStore store = new FilesystemArtifactStore(dir.resolve("store"), List.of());
    String key = store.put(new ByteArrayInputStream(new byte[] {1}), "text/plain").key();

    assertThat(store.downloadUrl(key, Duration.ofMinutes(1))).isEmpty();
  }

  @Test
  void temporaryFilesOlderThanADayAreRemovedAtStartUp() throws Exception {
    new FilesystemArtifactStore(dir.resolve("store"), List.of());
    Path tmp = dir.resolve("store").resolve(FilesystemArtifactStore.TMP_DIR);
    Path stale = Files.writeString(tmp.resolve("put-1.part"), "half");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Path young = Files.writeString(tmp.resolve("put-2.part"), "in progress elsewhere");

    new FilesystemArtifactStore(dir.resolve("store"), List.of());

    assertThat(stale).doesNotExist();
    assertThat(young).exists();
  }
}
