package dev.darkroom.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.storage.ArtifactKeys;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each call through the decorator is told once, with the outcome names of the meters. */
class ObservedArtifactStoreTest {

  @TempDir Path dir;

  @Test
  void tellsEachCallWithItsOutcomeAndThePutsBytes() throws Exception {
    // given a real filesystem store, observed
    List<String> told = new ArrayList<>();
    ObservedArtifactStore store =
        new ObservedArtifactStore(
            new FilesystemArtifactStore(dir.resolve("store"), List.of()),
            (operation, outcome, took, bytes) -> told.add(operation + " " + outcome + " " + bytes));

    // when it puts, reads back, misses a key, and fails a put (its temp directory is a file)
    StoredArtifact stored =
        store.put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), "text/plain");
    store.stat(stored.key());
    assertThatThrownBy(() -> store.stat(ArtifactKeys.forDigest(new byte[32])))
        .isInstanceOf(ArtifactNotFoundException.class);
    Path tmp = dir.resolve("store").resolve(".tmp");
    Files.delete(tmp);
    Files.writeString(tmp, "not a directory");
    assertThatThrownBy(
            () -> store.put(new ByteArrayInputStream(new byte[] {1}), "application/octet-stream"))
        .isInstanceOf(RuntimeException.class);

    // then each call once, in order, with the payload's bytes only for the successful put
    assertThat(told).containsExactly("put ok 5", "stat ok 0", "stat not_found 0", "put error 0");
  }

  @Test
  void theTypeLabelLooksThroughTheDecorators() {
    FilesystemArtifactStore filesystem = new FilesystemArtifactStore(dir, List.of());
    assertThat(
            ObservedArtifactStore.type(
                new ObservedArtifactStore(
                    new MeteredArtifactStore(filesystem, "filesystem", new SimpleMeterRegistry()),
                    (operation, outcome, took, bytes) -> {})))
        .isEqualTo("filesystem");
  }
}
