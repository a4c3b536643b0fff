package dev.darkroom.storage.metrics;

import dev.darkroom.core.storage.ArtifactEntry;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStat;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.storage.minio.MinioArtifactStore;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} that tells an {@link Observer} of every call made through it, with the
 * same operation and outcome names as {@link MeteredArtifactStore}: for callers that must account
 * for their own calls somewhere other than the JVM's meter registry (a worker JVM's partition job
 * adds them to PostgreSQL in its chunk transaction, ADR 0023). Opening a stream ({@link #get}) is
 * timed up to the first byte.
 */
public final class ObservedArtifactStore implements ArtifactStore {

  /** Told of each call after it returned or threw. */
  public interface Observer {

    /**
     * @param operation put, get, stat, exists, delete or list
     * @param outcome ok, not_found (an answer, not a fault) or error
     * @param bytes payload bytes of a put that succeeded, else 0
     */
    void called(String operation, String outcome, Duration took, long bytes);
  }

  private final ArtifactStore delegate;
  private final Observer observer;

  public ObservedArtifactStore(ArtifactStore delegate, Observer observer) {
    this.delegate = delegate;
    this.observer = observer;
  }

  /**
   * The store type label of {@code store} as {@link MeteredArtifactStore} gives it ({@code
   * filesystem}, {@code minio}), looking through the decorators; {@code other} for anything else.
   */
  public static String type(ArtifactStore store) {
    ArtifactStore inner = store;
    while (true) {
      if (inner instanceof MeteredArtifactStore metered) {
        inner = metered.delegate();
      } else if (inner instanceof ObservedArtifactStore observed) {
        inner = observed.delegate;
      } else {
        break;
      }
    }
    if (inner instanceof FilesystemArtifactStore) {
      return "filesystem";
    }
    if (inner instanceof MinioArtifactStore) {
      return "minio";
    }
    return "other";
  }

  @Override
  public StoredArtifact put(InputStream content, String mediaType) {
    return measure("put", () -> delegate.put(content, mediaType), StoredArtifact::size);
  }

  @Override
  public InputStream get(String key) {
    return measure("get", () -> delegate.get(key), r -> 0L);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    return measure("get", () -> delegate.get(key, offset, length), r -> 0L);
  }

  @Override
  public ArtifactStat stat(String key) {
    return measure("stat", () -> delegate.stat(key), r -> 0L);
  }

  @Override
  public boolean exists(String key) {
    return measure("exists", () -> delegate.exists(key), r -> 0L);
  }

  @Override
  public boolean delete(String key) {
    return measure("delete", () -> delegate.delete(key), r -> 0L);
  }

  @Override
  public boolean deleteIfUnmodifiedSince(String key, Instant cutoff) {
    return measure("delete", () -> delegate.deleteIfUnmodifiedSince(key, cutoff), r -> 0L);
  }

  @Override
  public Stream<ArtifactEntry> list(String prefix) {
    return measure("list", () -> delegate.list(prefix), r -> 0L);
  }

  @Override
  public Optional<URI> downloadUrl(String key, Duration ttl) {
    return delegate.downloadUrl(key, ttl);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  private <T> T measure(
      String operation, Supplier<T> call, java.util.function.ToLongFunction<T> bytes) {
    long start = System.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (ArtifactNotFoundException e) {
      observer.called(operation, "not_found", Duration.ofNanos(System.nanoTime() - start), 0);
      throw e;
    } catch (RuntimeException | Error e) {
      observer.called(operation, "error", Duration.ofNanos(System.nanoTime() - start), 0);
      throw e;
    }
    observer.called(
        operation, "ok", Duration.ofNanos(System.nanoTime() - start), bytes.applyAsLong(result));
    return result;
  }
}
