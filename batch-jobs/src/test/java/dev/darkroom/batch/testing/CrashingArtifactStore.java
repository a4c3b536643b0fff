package dev.darkroom.batch.testing;

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
 * A real store that, when armed, stores the {@code n}th payload and then throws once: the worst
 * moment for a chunk writer, a blob written whose row never commits. Shared with the
 * temporal-orchestrator tests through batch-jobs' test jar (this package only).
 */
public final class CrashingArtifactStore implements ArtifactStore {

  private final ArtifactStore delegate;
  private final AtomicInteger puts = new AtomicInteger();
  private volatile int crashAtPut = -1;

  public CrashingArtifactStore(ArtifactStore delegate) {
    this.delegate = delegate;
  }

  /** Counts puts from zero and throws once, after storing the {@code n}th. */
  public void crashOnceAtPut(int n) {
    puts.set(0);
    crashAtPut = n;
  }

  /** Puts since the last {@link #crashOnceAtPut} or {@link #resetCount}. */
  public int puts() {
    return puts.get();
  }

  public void resetCount() {
    puts.set(0);
  }

  @Override
  public StoredArtifact put(InputStream content, String mediaType) {
    StoredArtifact stored = delegate.put(content, mediaType);
    if (puts.incrementAndGet() == crashAtPut) {
      crashAtPut = -1;
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
