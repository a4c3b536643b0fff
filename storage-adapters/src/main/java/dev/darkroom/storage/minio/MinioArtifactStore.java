package dev.darkroom.storage.minio;

import dev.darkroom.core.storage.ArtifactEntry;
import dev.darkroom.core.storage.ArtifactKeys;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStat;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.storage.StoredArtifact;
import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArtifactStore} in an S3 bucket (MinIO or any S3 API), keys used as object names.
 *
 * <p><b>Uploads.</b> A payload shorter than the part size is read into memory, hashed, and put
 * under its content key in one request (retried as a whole on transient errors). A longer one is
 * streamed as a multipart upload to a temporary object {@code .tmp/<uuid>} while being hashed, then
 * copied server-side onto its content key and the temporary object removed. That costs a
 * server-side copy but needs neither local disk (worker pods have little) nor the whole payload in
 * memory, and a partial upload is never visible under a content key. A failed streaming upload is
 * not retried (the stream cannot be replayed): the caller retries the put. Temporary objects left
 * by a crash are removed at the next start-up when older than a day. Server-side copy is limited to
 * 5 GiB per object by S3.
 *
 * <p><b>Metadata.</b> The media type is the object's {@code Content-Type}; the SHA-256 is user
 * metadata {@code x-amz-meta-sha256} (and the key). Every put rewrites the object, which refreshes
 * its last-modified time as the sweeper requires.
 *
 * <p><b>Failures.</b> Network errors, 5xx responses and throttling are retried with exponential
 * backoff up to {@code maxAttempts}; then, like every other failure, they become an {@link
 * ArtifactStoreException} naming endpoint and bucket.
 */
public final class MinioArtifactStore implements ArtifactStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MinioArtifactStore.class);
  private static final String TMP_PREFIX = ".tmp/";
  private static final String SHA256_META = "sha256";
  private static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";
  private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NotFound");
  private static final Set<String> TRANSIENT_CODES =
      Set.of("InternalError", "SlowDown", "ServiceUnavailable", "RequestTimeout", "Throttling");
  private static final Duration MAX_URL_TTL = Duration.ofDays(7);

  private final MinioStoreSettings settings;
  private final MinioClient client;
  private final String description;

  /**
   * Connects and, when allowed, creates the bucket.
   *
   * @throws ArtifactStoreException if the endpoint is unreachable or the bucket is missing and may
   *     not be created
   */
  public MinioArtifactStore(MinioStoreSettings settings) {
    this.settings = settings;
    this.description = "s3:" + stripSlash(settings.endpoint().toString()) + "/" + settings.bucket();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.readTimeout())
            // Retries are ours, counted and backed off; okhttp's silent ones would multiply them.
            .retryOnConnectionFailure(false)
            .build();
    this.client =
        MinioClient.builder()
            .endpoint(settings.endpoint().toString())
            .region(settings.region())
            .credentials(settings.accessKey(), settings.secretKey())
            .httpClient(http, true)
            .build();
    // The client retries some statuses itself; ours are the only retries, so that maxAttempts and
    // the backoff mean what they say and an unreachable store fails in bounded time.
    this.client.setRetry(Set.of(), 0L, 0);
    ensureBucket();
    removeStaleTemporaryObjects();
  }

  @Override
  public StoredArtifact put(InputStream content, String mediaType) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mediaType, "mediaType");
    byte[] head;
    try {
      head = content.readNBytes((int) Math.min(settings.partSize(), Integer.MAX_VALUE - 8));
    } catch (IOException e) {
      throw new ArtifactStoreException(description, "reading the payload to store failed", e);
    }
    if (head.length < settings.partSize()) {
      return putSmall(head, mediaType);
    }
    return putStreaming(
        new SequenceInputStream(new ByteArrayInputStream(head), content), mediaType);
  }

  private StoredArtifact putSmall(byte[] bytes, String mediaType) {
    String sha256 = hex(sha256().digest(bytes));
    String key = ArtifactKeys.forSha256(sha256);
    retrying(
        "put " + key,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(settings.bucket()).object(key).stream(
                        new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                    .contentType(mediaType)
                    .userMetadata(Map.of(SHA256_META, sha256))
                    .build()));
    return new StoredArtifact(key, sha256, bytes.length, mediaType);
  }

  private StoredArtifact putStreaming(InputStream content, String mediaType) {
    String temporary = TMP_PREFIX + UUID.randomUUID();
    CountingDigestStream hashing = new CountingDigestStream(content);
    try {
      once(
          "multipart upload to " + temporary,
          () ->
              client.putObject(
                  PutObjectArgs.builder().bucket(settings.bucket()).object(temporary).stream(
                          hashing, -1L, settings.partSize())
                      .contentType(mediaType)
                      .build()));
      String sha256 = hex(hashing.getMessageDigest().digest());
      String key = ArtifactKeys.forSha256(sha256);
      retrying(
          "copy " + temporary + " to " + key,
          () ->
              client.copyObject(
                  CopyObjectArgs.builder()
                      .bucket(settings.bucket())
                      .object(key)
                      .source(
                          SourceObject.builder()
                              .bucket(settings.bucket())
                              .object(temporary)
                              .build())
                      .metadataDirective(Directive.REPLACE)
                      .headers(Map.of("Content-Type", mediaType))
                      .userMetadata(Map.of(SHA256_META, sha256))
                      .build()));
      return new StoredArtifact(key, sha256, hashing.count, mediaType);
    } finally {
      try {
        retrying(
            "remove " + temporary,
            () -> {
              client.removeObject(
                  RemoveObjectArgs.builder().bucket(settings.bucket()).object(temporary).build());
              return null;
            });
      } catch (ArtifactStoreException e) {
        // Harmless: stale temporary objects are removed at the next start-up.
        log.warn("could not remove temporary object {}: {}", temporary, e.getMessage());
      }
    }
  }

  @Override
  public InputStream get(String key) {
    ArtifactKeys.requireValid(key);
    return retrying(
        "get " + key,
        () ->
            client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build()),
        key);
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    ArtifactKeys.requireValid(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range must have offset >= 0 and length >= 0, was " + offset + "+" + length);
    }
    // S3 cannot express an empty range and answers 416 for one starting past the end.
    long size = stat(key).artifact().size();
    if (length == 0 || offset >= size) {
      return InputStream.nullInputStream();
    }
    long cut = Math.min(length, size - offset);
    return retrying(
        "get " + key + " range " + offset + "+" + cut,
        () ->
            client.getObject(
                GetObjectArgs.builder()
                    .bucket(settings.bucket())
                    .object(key)
                    .offset(offset)
                    .length(cut)
                    .build()),
        key);
  }

  @Override
  public ArtifactStat stat(String key) {
    ArtifactKeys.requireValid(key);
    StatObjectResponse response = statObject(key);
    String sha256 = response.userMetadata().getFirst(SHA256_META);
    String contentType = response.contentType();
    return new ArtifactStat(
        new StoredArtifact(
            key,
            sha256 == null ? ArtifactKeys.sha256Of(key) : sha256,
            response.size(),
            contentType == null || contentType.isBlank() ? DEFAULT_MEDIA_TYPE : contentType),
        response.lastModified().toInstant());
  }

  @Override
  public boolean exists(String key) {
    ArtifactKeys.requireValid(key);
    try {
      statObject(key);
      return true;
    } catch (ArtifactNotFoundException e) {
      return false;
    }
  }

  @Override
  public boolean delete(String key) {
    boolean existed = exists(key);
    removeObject(key);
    return existed;
  }

  @Override
  public boolean deleteIfUnmodifiedSince(String key, Instant cutoff) {
    ArtifactKeys.requireValid(key);
    Instant lastModified;
    try {
      lastModified = statObject(key).lastModified().toInstant();
    } catch (ArtifactNotFoundException e) {
      return false;
    }
    // S3 reports whole seconds: a blob written at 12:00:00.900 reads as 12:00:00. Round up so that
    // the precision loss can only keep a blob, never delete a fresh one.
    if (!lastModified.plusSeconds(1).isBefore(cutoff)) {
      return false;
    }
    removeObject(key);
    return true;
  }

  @Override
  public Stream<ArtifactEntry> list(String prefix) {
    ArtifactKeys.requireValidPrefix(prefix);
    Iterable<Result<Item>> results =
        client.listObjects(
            ListObjectsArgs.builder()
                .bucket(settings.bucket())
                .prefix(prefix)
                .recursive(true)
                .build());
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                results.iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .map(this::entryOf)
        .filter(Objects::nonNull);
  }

  @Override
  public Optional<URI> downloadUrl(String key, Duration ttl) {
    ArtifactKeys.requireValid(key);
    long seconds = Math.max(1, Math.min(ttl.toSeconds(), MAX_URL_TTL.toSeconds()));
    String url =
        retrying(
            "presign " + key,
            () ->
                client.getPresignedObjectUrl(
                    GetPresignedObjectUrlArgs.builder()
                        .method(Http.Method.GET)
                        .bucket(settings.bucket())
                        .object(key)
                        .expiry((int) seconds, TimeUnit.SECONDS)
                        .build()));
    return Optional.of(URI.create(url));
  }

  @Override
  public String describe() {
    return description;
  }

  /** Whether the bucket can be reached and exists; throws {@link ArtifactStoreException} if not. */
  public boolean bucketExists() {
    return retrying(
        "check bucket",
        () -> client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build()));
  }

  public String bucket() {
    return settings.bucket();
  }

  public URI endpoint() {
    return settings.endpoint();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (Exception e) {
      log.debug("closing the MinIO client of {} failed", description, e);
    }
  }

  private void ensureBucket() {
    if (bucketExists()) {
      return;
    }
    if (!settings.createBucket()) {
      throw new ArtifactStoreException(
          description,
          "bucket does not exist; create it or set darkroom.storage.minio.create-bucket=true");
    }
    try {
      retrying(
          "create bucket",
          () -> {
            client.makeBucket(
                MakeBucketArgs.builder()
                    .bucket(settings.bucket())
                    .region(settings.region())
                    .build());
            return null;
          });
    } catch (ArtifactStoreException e) {
      // Another instance may have created it at the same moment.
      if (!bucketExists()) {
        throw e;
      }
    }
  }

  private void removeStaleTemporaryObjects() {
    Instant cutoff = Instant.now().minus(Duration.ofDays(1));
    for (Result<Item> result :
        client.listObjects(
            ListObjectsArgs.builder()
                .bucket(settings.bucket())
                .prefix(TMP_PREFIX)
                .recursive(true)
                .build())) {
      Item item = retrying("list " + TMP_PREFIX, result::get);
      if (item.lastModified().toInstant().isBefore(cutoff)) {
        retrying(
            "remove " + item.objectName(),
            () -> {
              client.removeObject(
                  RemoveObjectArgs.builder()
                      .bucket(settings.bucket())
                      .object(item.objectName())
                      .build());
              return null;
            });
      }
    }
  }

  private StatObjectResponse statObject(String key) {
    return retrying(
        "stat " + key,
        () ->
            client.statObject(
                StatObjectArgs.builder().bucket(settings.bucket()).object(key).build()),
        key);
  }

  private void removeObject(String key) {
    retrying(
        "delete " + key,
        () -> {
          client.removeObject(
              RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
          return null;
        });
  }

  private @Nullable ArtifactEntry entryOf(Result<Item> result) {
    Item item;
    try {
      item = result.get();
    } catch (MinioException e) {
      throw failure("list", e, 1);
    }
    if (item.isDir() || !ArtifactKeys.isValid(item.objectName())) {
      return null; // temporary objects and strangers
    }
    return new ArtifactEntry(item.objectName(), item.size(), item.lastModified().toInstant());
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws MinioException;
  }

  private <T> T retrying(String what, Call<T> call) {
    return retrying(what, call, null);
  }

  private <T> T once(String what, Call<T> call) {
    try {
      return call.run();
    } catch (MinioException e) {
      throw failure(what, e, 1);
    } catch (RuntimeException e) {
      throw networkFailureOrRethrow(what, e, 1);
    }
  }

  private <T> T retrying(String what, Call<T> call, @Nullable String key) {
    long backoff = settings.initialBackoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return call.run();
      } catch (MinioException e) {
        if (key != null && isNotFound(e)) {
          throw new ArtifactNotFoundException(description, key);
        }
        if (!isTransient(e) || attempt >= settings.maxAttempts()) {
          throw failure(what, e, attempt);
        }
        log.debug(
            "{} on {} failed (attempt {}), retrying: {}", what, description, attempt, e.toString());
      } catch (RuntimeException e) {
        // The client reports some network failures (timeouts, reset sockets) unchecked.
        ArtifactStoreException failure = networkFailureOrRethrow(what, e, attempt);
        if (attempt >= settings.maxAttempts()) {
          throw failure;
        }
        log.debug(
            "{} on {} failed (attempt {}), retrying: {}", what, description, attempt, e.toString());
      }
      sleep(backoff);
      backoff *= 2;
    }
  }

  private ArtifactStoreException networkFailureOrRethrow(
      String what, RuntimeException e, int attempts) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        return new ArtifactStoreException(
            description,
            what + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts"),
            io);
      }
    }
    throw e;
  }

  private ArtifactStoreException failure(String what, MinioException e, int attempts) {
    Throwable cause =
        e.getCause() != null && !(e instanceof ErrorResponseException) ? e.getCause() : e;
    return new ArtifactStoreException(
        description,
        what + " failed after " + attempts + (attempts == 1 ? " attempt" : " attempts"),
        cause);
  }

  private static boolean isNotFound(MinioException e) {
    return e instanceof ErrorResponseException response
        && NOT_FOUND.contains(response.errorResponse().code());
  }

  private static boolean isTransient(MinioException e) {
    if (e instanceof ServerException server) {
      return server.statusCode() >= 500 || server.statusCode() == 429;
    }
    if (e instanceof ErrorResponseException response) {
      return TRANSIENT_CODES.contains(response.errorResponse().code());
    }
    return e.getCause() instanceof IOException && !(e.getCause() instanceof InterruptedIOException);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new InterruptedIOException("interrupted while backing off"));
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  /** Hashes and counts what the upload reads. */
  private static final class CountingDigestStream extends DigestInputStream {
    long count;

    CountingDigestStream(InputStream in) {
      super(in, sha256());
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
