package dev.darkroom.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.darkroom.core.storage.ArtifactEntry;
import dev.darkroom.core.storage.ArtifactKeys;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStat;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.storage.InvalidArtifactKeyException;
import dev.darkroom.core.storage.StoredArtifact;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The behaviour every {@link ArtifactStore} must have. A subclass per adapter supplies a store and
 * an unreachable one; each test uses fresh random content, so tests share the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractArtifactStoreContractTest {

  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  protected ArtifactStore store;

  /** Starts whatever the store needs and returns it; called once per test class. */
  protected abstract ArtifactStore createStore() throws Exception;

  /** Stops what {@link #createStore()} started. */
  protected void stopStore() throws Exception {}

  /**
   * A store of this kind that cannot be reached (or builds it and lets the constructor fail); calls
   * on it must fail with {@link ArtifactStoreException}, quickly.
   */
  protected abstract ArtifactStore unreachableStore() throws Exception;

  /** Text the unreachable store's failures must name (endpoint, root). */
  protected abstract String unreachableLocation();

  @BeforeAll
  void startStore() throws Exception {
    store = createStore();
  }

  @AfterAll
  void shutDownStore() throws Exception {
    stopStore();
  }

  @Test
  void putReturnsContentAddressAndGetReturnsTheSameBytes() throws Exception {
    // given
    byte[] bytes = Payloads.random(10_000);

    // when
    StoredArtifact stored = store.put(new ByteArrayInputStream(bytes), "image/webp");

    // then
    String sha256 = Payloads.sha256(bytes);
    assertThat(stored)
        .isEqualTo(
            new StoredArtifact(ArtifactKeys.forSha256(sha256), sha256, 10_000, "image/webp"));
    assertThat(stored.key())
        .isEqualTo(sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256);
    try (InputStream in = store.get(stored.key())) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    ArtifactStat stat = store.stat(stored.key());
    assertThat(stat.artifact()).isEqualTo(stored);
    assertThat(stat.lastModified())
        .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
    assertThat(store.exists(stored.key())).isTrue();
  }

  @Test
  void emptyStreamIsStoredAsZeroByteBlob() throws Exception {
    StoredArtifact stored = store.put(InputStream.nullInputStream(), "text/plain");

    assertThat(stored.sha256()).isEqualTo(EMPTY_SHA256);
    assertThat(stored.size()).isZero();
    assertThat(store.stat(stored.key()).artifact().size()).isZero();
    try (InputStream in = store.get(stored.key())) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void fiftyMibPayloadOfUnknownLengthIsStoredIntact() throws Exception {
    // given a 50 MiB stream whose length the store cannot know in advance
    long size = 50L * 1024 * 1024;
    long seed = System.nanoTime();
    Payloads.Hashed expected = Payloads.hashOf(Payloads.generated(size, seed));

    // when
    StoredArtifact stored = store.put(Payloads.generated(size, seed), "video/mp4");

    // then
    assertThat(stored.sha256()).isEqualTo(expected.sha256());
    assertThat(stored.size()).isEqualTo(size);
    assertThat(Payloads.hashOf(store.get(stored.key()))).isEqualTo(expected);
    assertThat(store.stat(stored.key()).artifact())
        .isEqualTo(new StoredArtifact(stored.key(), expected.sha256(), size, "video/mp4"));
    try (InputStream in = store.get(stored.key(), size - 3, 10)) {
      assertThat(in.readAllBytes()).hasSize(3);
    }
  }

  @Test
  void rangesReturnExactSlicesCutAtTheEnd() throws Exception {
    byte[] bytes = Payloads.random(100_000);
    String key = store.put(new ByteArrayInputStream(bytes), "application/octet-stream").key();

    assertThat(range(key, 0, 10)).isEqualTo(slice(bytes, 0, 10));
    assertThat(range(key, 12_345, 54_321)).isEqualTo(slice(bytes, 12_345, 54_321));
    assertThat(range(key, 99_995, 100)).isEqualTo(slice(bytes, 99_995, 5));
    assertThat(range(key, 0, 100_000)).isEqualTo(bytes);
    assertThat(range(key, 100_000, 10)).isEmpty();
    assertThat(range(key, 500_000, 10)).isEmpty();
    assertThat(range(key, 7, 0)).isEmpty();
    assertThatThrownBy(() -> store.get(key, -1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(key, 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentPutsOfTheSameContentLeaveOneIntactBlob() throws Exception {
    // given: larger than the S3 adapter's part size in tests, so both upload paths race
    byte[] bytes = Payloads.random(6 * 1024 * 1024 + 17);
    int writers = 6;
    CyclicBarrier start = new CyclicBarrier(writers);
    List<Callable<StoredArtifact>> puts = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      puts.add(
          () -> {
            start.await();
            return store.put(new ByteArrayInputStream(bytes), "image/jpeg");
          });
    }

    // when
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    Set<StoredArtifact> results = new HashSet<>();
    try {
      for (Future<StoredArtifact> result : pool.invokeAll(puts)) {
        results.add(result.get());
      }
    } finally {
      pool.shutdownNow();
    }

    // then
    assertThat(results).hasSize(1);
    String key = results.iterator().next().key();
    try (InputStream in = store.get(key)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (Stream<ArtifactEntry> listed = store.list(key)) {
      assertThat(listed.map(ArtifactEntry::key).toList()).containsExactly(key);
    }
  }

  @Test
  void missingKeysFailWithArtifactNotFound() {
    String missing = ArtifactKeys.forSha256(Payloads.sha256(Payloads.random(64)));

    assertThat(store.exists(missing)).isFalse();
    assertThatThrownBy(() -> store.get(missing))
        .isInstanceOf(ArtifactNotFoundException.class)
        .hasMessageContaining(missing);
    assertThatThrownBy(() -> store.get(missing, 0, 10))
        .isInstanceOf(ArtifactNotFoundException.class);
    assertThatThrownBy(() -> store.stat(missing))
        .isInstanceOfSatisfying(
            ArtifactNotFoundException.class, e -> assertThat(e.key()).isEqualTo(missing));
    assertThat(store.delete(missing)).isFalse();
    assertThat(store.deleteIfUnmodifiedSince(missing, Instant.now().plusSeconds(60))).isFalse();
  }

  @Test
  void keysThatAreNotContentAddressesAreRejectedBeforeAnyIo() {
    String valid = ArtifactKeys.forSha256(Payloads.sha256(new byte[] {1}));
    for (String bad :
        List.of(
            "../../etc/passwd",
            "ab/cd/../../../etc/passwd",
            "/etc/passwd",
            valid.toUpperCase(),
            valid.substring(0, 6) + "0".repeat(64),
            valid + "/x",
            "")) {
      assertThatThrownBy(() -> store.get(bad)).isInstanceOf(InvalidArtifactKeyException.class);
      assertThatThrownBy(() -> store.exists(bad)).isInstanceOf(InvalidArtifactKeyException.class);
      assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(InvalidArtifactKeyException.class);
    }
    assertThatThrownBy(() -> store.list("../")).isInstanceOf(InvalidArtifactKeyException.class);
  }

  @Test
  void listingReturnsBlobsUnderAPrefixInKeyOrder() throws Exception {
    // given
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      keys.add(store.put(new ByteArrayInputStream(Payloads.random(100 + i)), "text/plain").key());
    }

    // when
    List<ArtifactEntry> all;
    try (Stream<ArtifactEntry> listed = store.list("")) {
      all = listed.toList();
    }
    String first = keys.get(0);
    List<ArtifactEntry> underPrefix;
    try (Stream<ArtifactEntry> listed = store.list(first.substring(0, 3))) {
      underPrefix = listed.toList();
    }

    // then
    assertThat(all).extracting(ArtifactEntry::key).containsAll(keys).isSorted();
    assertThat(all)
        .filteredOn(e -> e.key().equals(first))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.size()).isEqualTo(100);
              assertThat(e.sha256()).isEqualTo(ArtifactKeys.sha256Of(first));
            });
    assertThat(underPrefix)
        .extracting(ArtifactEntry::key)
        .contains(first)
        .allMatch(k -> k.startsWith(first.substring(0, 3)));
    assertThat(all).extracting(ArtifactEntry::key).allMatch(ArtifactKeys::isValid);
  }

  @Test
  void deletedBlobIsGoneAndCanBeStoredAgain() throws Exception {
    byte[] bytes = Payloads.random(5_000);
    String key = store.put(new ByteArrayInputStream(bytes), "text/plain").key();

    assertThat(store.delete(key)).isTrue();

    assertThat(store.exists(key)).isFalse();
    assertThatThrownBy(() -> store.get(key)).isInstanceOf(ArtifactNotFoundException.class);
    try (Stream<ArtifactEntry> listed = store.list(key)) {
      assertThat(listed).isEmpty();
    }
    store.put(new ByteArrayInputStream(bytes), "text/plain");
    try (InputStream in = store.get(key)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  @Test
  void conditionalDeleteKeepsBlobsModifiedSinceTheCutoff() throws Exception {
    String key = store.put(new ByteArrayInputStream(Payloads.random(300)), "text/plain").key();

    assertThat(store.deleteIfUnmodifiedSince(key, Instant.now().minusSeconds(3600))).isFalse();
    assertThat(store.exists(key)).isTrue();

    assertThat(store.deleteIfUnmodifiedSince(key, Instant.now().plusSeconds(10))).isTrue();
    assertThat(store.exists(key)).isFalse();
  }

  @Test
  void puttingStoredContentAgainRefreshesLastModified() throws Exception {
    // The sweeper's grace period relies on this: re-using an old blob must make it young again.
    byte[] bytes = Payloads.random(2_000);
    String key = store.put(new ByteArrayInputStream(bytes), "text/plain").key();
    Instant first = store.stat(key).lastModified();

    Thread.sleep(1_100); // S3 reports whole seconds
    store.put(new ByteArrayInputStream(bytes), "text/plain");

    assertThat(store.stat(key).lastModified()).isAfter(first);
  }

  @Test
  void downloadUrlServesTheExactBytes() throws Exception {
    byte[] bytes = Payloads.random(70_000);
    String key = store.put(new ByteArrayInputStream(bytes), "image/png").key();

    Optional<URI> url = store.downloadUrl(key, Duration.ofMinutes(5));

    assertThat(url).as("this store is configured to give download URLs").isPresent();
    HttpResponse<byte[]> response = fetch(url.get());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bytes);
  }

  @Test
  void unreachableStoreFailsWithTypedExceptionInBoundedTime() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(
                    () -> {
                      ArtifactStore unreachable = unreachableStore();
                      unreachable.put(new ByteArrayInputStream(Payloads.random(10)), "text/plain");
                    })
                .isInstanceOf(ArtifactStoreException.class)
                .isNotInstanceOf(ArtifactNotFoundException.class)
                .hasMessageContaining(unreachableLocation()));
  }

  private static HttpResponse<byte[]> fetch(URI url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private byte[] range(String key, long offset, long length) throws Exception {
    try (InputStream in = store.get(key, offset, length)) {
      return in.readAllBytes();
    }
  }

  private static byte[] slice(byte[] bytes, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(bytes, offset, out, 0, length);
    return out;
  }
}
