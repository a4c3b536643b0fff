package dev.darkroom.storage.metrics;

import dev.darkroom.core.storage.ArtifactEntry;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStat;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.StoredArtifact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} that measures the one it wraps, labelled by store type only (never by
 * key):
 *
 * <ul>
 *   <li>{@code darkroom_store_operation_seconds{store,operation,outcome}}: latency and count of
 *       each call; {@code outcome} is {@code ok}, {@code not_found} (an answer, not a fault) or
 *       {@code error};
 *   <li>{@code darkroom_store_errors_total{store,operation}}: calls that failed;
 *   <li>{@code darkroom_store_written_bytes_total{store}}: bytes of payloads put;
 *   <li>{@code darkroom_sweeper_freed_bytes_total{store}} and {@code
 *       darkroom_sweeper_deleted_blobs_total{store}}: what {@link #deleteIfUnmodifiedSince}, the
 *       sweeper's only way of deleting, freed (the blob is stat'ed first; sweeps are rare).
 * </ul>
 *
 * Opening a stream ({@link #get}) is timed up to the first byte, not while the caller reads.
 */
public final class MeteredArtifactStore implements ArtifactStore {

  private final ArtifactStore delegate;
  private final String type;
  private final MeterRegistry registry;
  private final Counter bytesWritten;
  private final Counter freedBytes;
  private final Counter deletedBlobs;

  /**
   * @param type the store type label, e.g. {@code filesystem} or {@code minio}
   */
  public MeteredArtifactStore(ArtifactStore delegate, String type, MeterRegistry registry) {
    this.delegate = delegate;
    this.type = type;
    this.registry = registry;
    this.bytesWritten =
        Counter.builder("darkroom.store.written")
            .description("Bytes of artifact payloads put into the store")
            .baseUnit("bytes")
            .tag("store", type)
            .register(registry);
    this.freedBytes =
        Counter.builder("darkroom.sweeper.freed")
            .description("Bytes of blobs the sweeper deleted")
            .baseUnit("bytes")
            .tag("store", type)
            .register(registry);
    this.deletedBlobs =
        Counter.builder("darkroom.sweeper.deleted.blobs")
            .description("Blobs the sweeper deleted (expired or orphaned)")
            .tag("store", type)
            .register(registry);
    // Registered up front so that a dashboard shows 0, not "no data", before the first error.
    for (String operation : new String[] {"put", "get", "stat", "delete"}) {
      errors(operation);
    }
  }

  /** The wrapped store (health indicators look at the adapter's own state). */
  public ArtifactStore delegate() {
    return delegate;
  }

  @Override
  public StoredArtifact put(InputStream content, String mediaType) {
    StoredArtifact stored = measure("put", () -> delegate.put(content, mediaType));
    bytesWritten.increment(stored.size());
    return stored;
  }

  @Override
  public InputStream get(String key) {
    return measure("get", () -> delegate.get(key));
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    return measure("get", () -> delegate.get(key, offset, length));
  }

  @Override
  public ArtifactStat stat(String key) {
    return measure("stat", () -> delegate.stat(key));
  }

  @Override
  public boolean exists(String key) {
    return measure("exists", () -> delegate.exists(key));
  }

  @Override
  public boolean delete(String key) {
    return measure("delete", () -> delegate.delete(key));
  }

  @Override
  public boolean deleteIfUnmodifiedSince(String key, Instant cutoff) {
    long size;
    try {
      size = delegate.stat(key).artifact().size();
    } catch (ArtifactNotFoundException gone) {
      return false;
    } catch (RuntimeException e) {
      size = 0; // the delete below reports the store's trouble
    }
    boolean deleted = measure("delete", () -> delegate.deleteIfUnmodifiedSince(key, cutoff));
    if (deleted) {
      deletedBlobs.increment();
      freedBytes.increment(size);
    }
    return deleted;
  }

  @Override
  public Stream<ArtifactEntry> list(String prefix) {
    return measure("list", () -> delegate.list(prefix));
  }

  @Override
  public Optional<URI> downloadUrl(String key, Duration ttl) {
    return delegate.downloadUrl(key, ttl);
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  private <T> T measure(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.get();
      outcome = "ok";
      return result;
    } catch (ArtifactNotFoundException e) {
      outcome = "not_found";
      throw e;
    } catch (RuntimeException | Error e) {
      errors(operation).increment();
      throw e;
    } finally {
      Timer.builder("darkroom.store.operation")
          .description("Artifact store calls: latency and count")
          .tags("store", type, "operation", operation, "outcome", outcome)
          .register(registry)
          .record(Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private Counter errors(String operation) {
    return Counter.builder("darkroom.store.errors")
        .description("Artifact store calls that failed (unreachable, full, denied)")
        .tags("store", type, "operation", operation)
        .register(registry);
  }
}
