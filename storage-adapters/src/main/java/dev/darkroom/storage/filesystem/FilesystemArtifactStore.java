package dev.darkroom.storage.filesystem;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import dev.darkroom.core.storage.ArtifactEntry;
import dev.darkroom.core.storage.ArtifactKeys;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStat;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.storage.StoredArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ArtifactStore} in a directory: {@code <root>/ab/cd/<sha256>} holds the bytes and a
 * sidecar {@code <sha256>.type} the media type.
 *
 * <p>A put writes to a temporary file in {@code <root>/.tmp} (same filesystem, so the final rename
 * is atomic), hashing as it goes, fsyncs it, then renames it onto its key and fsyncs the directory.
 * A partial file is never visible under a key, and concurrent writers of the same content each
 * rename a complete, identical file: the last rename wins and nothing is lost.
 *
 * <p>The media type sidecar is advisory (the catalog row is authoritative): it is renamed into
 * place before the blob but not fsynced, so after a power loss it may read as {@code
 * application/octet-stream}.
 */
public final class FilesystemArtifactStore implements ArtifactStore {

  static final String TMP_DIR = ".tmp";
  static final String TRASH_DIR = ".trash";
  private static final String TYPE_SUFFIX = ".type";
  private static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";
  private static final Pattern FAN_OUT_DIR = Pattern.compile("[0-9a-f]{2}");
  private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{64}");
  private static final Duration STALE_TEMP = Duration.ofDays(1);
  private static final int BUFFER = 256 * 1024;
  private static final long INLINE_HASH_BYTES = 1024 * 1024;
  private static final AtomicInteger SYNCER_THREADS = new AtomicInteger();

  /**
   * fsyncs large payloads while the writing thread hashes them; idle threads end after a minute.
   */
  private final ExecutorService syncer =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread =
                new Thread(runnable, "artifact-fsync-" + SYNCER_THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private final Path root;
  private final Path tmp;
  private final Path trash;
  private final @Nullable String downloadBaseUrl;
  private final String description;

  /**
   * Opens (creating if needed) a store in {@code root}.
   *
   * @param archiveRoots the configured archive roots; the store refuses to live inside any of them
   *     or to contain one
   * @param downloadBaseUrl where the web application serves blobs ({@code <base>/<key>}), or null
   *     when it does not: then {@link #downloadUrl} is empty
   * @throws ArtifactStoreException if the root overlaps an archive root or cannot be created
   */
  public FilesystemArtifactStore(
      Path root, List<Path> archiveRoots, @Nullable URI downloadBaseUrl) {
    Objects.requireNonNull(root, "root");
    this.description = "filesystem:" + root.toAbsolutePath().normalize();
    // Checked before anything is created: creating the store would already write in the archive.
    StoreOverlapCheck.overlappingArchiveRoot(root, archiveRoots)
        .ifPresent(
            archive -> {
              throw new ArtifactStoreException(
                  description,
                  "the artifact store root overlaps the archive root "
                      + archive
                      + " (compared as real paths); originals are read-only and the sweeper deletes"
                      + " in the store, so set darkroom.storage.filesystem.root to a directory"
                      + " outside every darkroom.archive.roots entry");
            });
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
      this.tmp = Files.createDirectories(this.root.resolve(TMP_DIR));
      this.trash = Files.createDirectories(this.root.resolve(TRASH_DIR));
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot create the store directory", e);
    }
    String base = downloadBaseUrl == null ? null : downloadBaseUrl.toString();
    this.downloadBaseUrl = base == null || base.endsWith("/") ? base : base + "/";
    removeStaleTemporaryFiles();
  }

  public FilesystemArtifactStore(Path root, List<Path> archiveRoots) {
    this(root, archiveRoots, null);
  }

  public Path root() {
    return root;
  }

  @Override
  public StoredArtifact put(InputStream content, String mediaType) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mediaType, "mediaType");
    Path temp = null;
    try {
      temp = Files.createTempFile(tmp, "put-", ".part");
      MessageDigest digest = sha256();
      long size = 0;
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
        byte[] buffer = new byte[BUFFER];
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long hashed = 0;
        int n;
        while ((n = content.read(buffer)) != -1) {
          // Small payloads are hashed as they pass; see hashWhileSyncing for the rest.
          if (hashed == size && size < INLINE_HASH_BYTES) {
            digest.update(buffer, 0, n);
            hashed += n;
          }
          wrapped.clear().limit(n);
          while (wrapped.hasRemaining()) {
            channel.write(wrapped);
          }
          size += n;
        }
        if (hashed == size) {
          channel.force(true);
        } else {
          hashWhileSyncing(channel, hashed, size, digest);
        }
      }
      String key = ArtifactKeys.forDigest(digest.digest());
      Path target = pathOf(key);
      createFanOutDirectories(target.getParent());
      writeMediaType(target, mediaType);
      // Atomic replace: a concurrent writer of the same content renames an identical file. The
      // temp file's mtime is "now", which is what refreshes last-modified for the sweeper.
      Files.move(temp, target, ATOMIC_MOVE);
      temp = null;
      fsyncDirectory(target.getParent());
      return new StoredArtifact(key, ArtifactKeys.sha256Of(key), size, mediaType);
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "storing an artifact failed", e);
    } finally {
      if (temp != null) {
        deleteQuietly(temp);
      }
    }
  }

  @Override
  public InputStream get(String key) {
    Path path = pathOf(key);
    try {
      return Files.newInputStream(path);
    } catch (NoSuchFileException e) {
      throw new ArtifactNotFoundException(description, key);
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot read " + key, e);
    }
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range must have offset >= 0 and length >= 0, was " + offset + "+" + length);
    }
    Path path = pathOf(key);
    try {
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
      channel.position(offset);
      return new RangeInputStream(Channels.newInputStream(channel), length);
    } catch (NoSuchFileException e) {
      throw new ArtifactNotFoundException(description, key);
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot read " + key, e);
    }
  }

  @Override
  public ArtifactStat stat(String key) {
    Path path = pathOf(key);
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return new ArtifactStat(
          new StoredArtifact(key, ArtifactKeys.sha256Of(key), attributes.size(), mediaTypeOf(path)),
          attributes.lastModifiedTime().toInstant());
    } catch (NoSuchFileException e) {
      throw new ArtifactNotFoundException(description, key);
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot stat " + key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(pathOf(key));
  }

  @Override
  public boolean delete(String key) {
    Path path = pathOf(key);
    try {
      boolean deleted = Files.deleteIfExists(path);
      Files.deleteIfExists(typePathOf(path));
      return deleted;
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot delete " + key, e);
    }
  }

  @Override
  public boolean deleteIfUnmodifiedSince(String key, Instant cutoff) {
    Path path = pathOf(key);
    Path aside = trash.resolve(UUID.randomUUID() + ".blob");
    try {
      // Move the blob out of reach first: a writer storing the same content from now on writes a
      // fresh file, and one that refreshed it before shows up in the mtime checked below.
      Files.move(path, aside, ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot move " + key + " aside to delete", e);
    }
    try {
      if (!Files.getLastModifiedTime(aside).toInstant().isBefore(cutoff)) {
        // Same content as anything a writer may have put there meanwhile, so replacing is safe.
        Files.move(aside, path, ATOMIC_MOVE);
        return false;
      }
      Files.delete(aside);
      if (!Files.exists(path)) {
        Files.deleteIfExists(typePathOf(path));
      }
      return true;
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot delete " + key, e);
    }
  }

  @Override
  public Stream<ArtifactEntry> list(String prefix) {
    ArtifactKeys.requireValidPrefix(prefix);
    return children(root, FAN_OUT_DIR, prefix, "")
        .flatMap(first -> children(first, FAN_OUT_DIR, prefix, first.getFileName() + "/"))
        .flatMap(
            second ->
                children(
                    second,
                    BLOB_NAME,
                    prefix,
                    second.getParent().getFileName() + "/" + second.getFileName() + "/"))
        .map(this::entryOf)
        .filter(Objects::nonNull);
  }

  @Override
  public Optional<URI> downloadUrl(String key, Duration ttl) {
    ArtifactKeys.requireValid(key);
    return downloadBaseUrl == null
        ? Optional.empty()
        : Optional.of(URI.create(downloadBaseUrl + key));
  }

  @Override
  public String describe() {
    return description;
  }

  /** Whether the root is a writable directory; for the health indicator. */
  public boolean isWritable() {
    return Files.isDirectory(root) && Files.isWritable(root) && Files.isWritable(tmp);
  }

  /** Usable bytes on the store's filesystem; for the health indicator. */
  public long usableSpace() throws IOException {
    return Files.getFileStore(root).getUsableSpace();
  }

  private Path pathOf(String key) {
    ArtifactKeys.requireValid(key);
    Path path = root.resolve(key).normalize();
    // Valid keys cannot escape; this guards the guard.
    if (!path.startsWith(root)) {
      throw new IllegalStateException("key " + key + " resolved outside " + root);
    }
    return path;
  }

  private static Path typePathOf(Path blob) {
    return blob.resolveSibling(blob.getFileName() + TYPE_SUFFIX);
  }

  private void writeMediaType(Path target, String mediaType) throws IOException {
    Path typePath = typePathOf(target);
    byte[] bytes = mediaType.getBytes(UTF_8);
    try {
      if (java.util.Arrays.equals(Files.readAllBytes(typePath), bytes)) {
        return;
      }
    } catch (NoSuchFileException absent) {
      // first put of this content
    }
    Path temp = Files.createTempFile(tmp, "type-", ".part");
    try {
      Files.write(temp, bytes);
      Files.move(temp, typePath, ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private String mediaTypeOf(Path blob) throws IOException {
    try {
      String type = Files.readString(typePathOf(blob), UTF_8).strip();
      return type.isEmpty() ? DEFAULT_MEDIA_TYPE : type;
    } catch (NoSuchFileException e) {
      return DEFAULT_MEDIA_TYPE;
    }
  }

  private Stream<Path> children(Path dir, Pattern names, String prefix, String relative) {
    List<Path> matching = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path child : stream) {
        String name = child.getFileName().toString();
        if (!names.matcher(name).matches()) {
          continue; // .tmp, .trash, sidecars, strangers
        }
        String path = relative + name + (names == BLOB_NAME ? "" : "/");
        if (path.startsWith(prefix) || prefix.startsWith(path)) {
          matching.add(child);
        }
      }
    } catch (NoSuchFileException e) {
      return Stream.empty(); // removed while listing
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot list " + dir, e);
    }
    matching.sort(null);
    return matching.stream();
  }

  private @Nullable ArtifactEntry entryOf(Path blob) {
    String key = root.relativize(blob).toString().replace(blob.getFileSystem().getSeparator(), "/");
    if (!ArtifactKeys.isValid(key)) {
      return null; // a stray file in a fan-out directory
    }
    try {
      BasicFileAttributes attributes = Files.readAttributes(blob, BasicFileAttributes.class);
      return attributes.isRegularFile()
          ? new ArtifactEntry(key, attributes.size(), attributes.lastModifiedTime().toInstant())
          : null;
    } catch (NoSuchFileException e) {
      return null; // deleted while listing
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "cannot stat " + key, e);
    }
  }

  /**
   * Creates {@code ab/cd/} when missing and makes the new directory entries durable, so that the
   * blob's own directory fsync is not undone by losing its parent after a power failure.
   */
  private void createFanOutDirectories(Path second) throws IOException {
    if (Files.isDirectory(second)) {
      return;
    }
    Path first = second.getParent();
    boolean firstIsNew = !Files.isDirectory(first);
    Files.createDirectories(second);
    fsyncDirectory(first);
    if (firstIsNew) {
      fsyncDirectory(root);
    }
  }

  /**
   * Hashes the rest of a large payload from the page cache while another thread fsyncs the file:
   * hashing (SHA-256 runs at 1–2 GB/s) and waiting for the disk then overlap instead of adding up.
   */
  private void hashWhileSyncing(FileChannel channel, long from, long size, MessageDigest digest)
      throws IOException {
    Future<Void> sync =
        syncer.submit(
            () -> {
              channel.force(true);
              return null;
            });
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    for (long position = from; position < size; ) {
      buffer.clear();
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new IOException("temporary file shrank while hashing it");
      }
      digest.update(buffer.array(), 0, n);
      position += n;
    }
    try {
      sync.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while syncing an artifact to disk");
    }
  }

  private static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (FileSystemException e) {
      // Some filesystems refuse to open or sync directories; the rename is still atomic there.
    }
  }

  private void removeStaleTemporaryFiles() {
    Instant cutoff = Instant.now().minus(STALE_TEMP);
    for (Path dir : List.of(tmp, trash)) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path file : stream) {
          FileTime modified = Files.getLastModifiedTime(file);
          if (modified.toInstant().isBefore(cutoff)) {
            deleteQuietly(file);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot clean " + dir, e);
      }
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a leftover temp file is removed at the next start
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
