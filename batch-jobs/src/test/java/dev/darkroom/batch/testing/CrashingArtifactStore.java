package dev.darkroom.batch.pipeline;

import dev.darkroom.core.storage.ArtifactEntry;
import dev.darkroom.core.storage.ArtifactStat;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.storage.StoredArtifact;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real store that, when armed, stores the {@code n}th payload and then throws: the worst moment
 * for the writer, a blob written whose row never commits.
 */
final class CrashingArtifactStore implements ArtifactStore {

  private final ArtifactStore delegate;
  private final AtomicInteger puts = new AtomicInteger();
  private volatile int crashAtPut = -1;

  CrashingArtifactStore(ArtifactStore delegate) {
    this.delegate = delegate;
  }

  void crashAtPut(int n) {
    puts.set(0);
    crashAtPut = n;
  }

  void disarm() {
    crashAtPut = -1;
  }

  int puts() {
    return puts.get();
  }

  void resetCount() {
    puts.set(0);
  }

  @Override
  public StoredArtifact put(InputStream content, String mediaType) {
    StoredArtifact stored = delegate.put(content, mediaType);
    if (puts.incrementAndGet() == crashAtPut) {
      throw new ArtifactStoreException(describe(), "injected crash after storing " + stored.key());
    }
    return stored;
  }

  @Override
  public InputStream get(String key) {
    return delegate.get(key);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    return delegate.get(key, offset, length);
  }

  @Override
  public ArtifactStat stat(String key) {
    return delegate.stat(key);
  }

  @Override
  public boolean exists(String key) {
    return delegate.exists(key);
  }

  @Override
  public boolean delete(String key) {
    return delegate.delete(key);
  }

  @Override
  public boolean deleteIfUnmodifiedSince(String key, Instant cutoff) {
    return delegate.deleteIfUnmodifiedSince(key, cutoff);
  }

  @Override
  public Stream<ArtifactEntry> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public Optional<URI> downloadUrl(String key, Duration ttl) {
    return delegate.downloadUrl(key, ttl);
  }

  @Override
  public String describe() {
    return "crashing " + delegate.describe();
  }
}
