package dev.darkroom.core.storage;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Content-addressed storage for artifact payloads (thumbnails, transcodes, extracted text…).
 *
 * <p><b>Keys.</b> Every key is a content address built by {@link ArtifactKeys} ({@code
 * ab/cd/<sha256 hex>}); a store never invents other keys and rejects any other string with {@link
 * InvalidArtifactKeyException} before doing I/O. Identical content has one key and is stored once,
 * so {@code put} is idempotent and safe to call concurrently with the same bytes.
 *
 * <p><b>Null and empty.</b> No parameter may be {@code null} ({@link NullPointerException}). An
 * empty stream is a valid payload: it is stored as a 0-byte blob with the SHA-256 of nothing.
 *
 * <p><b>Failure.</b> A missing blob is {@link ArtifactNotFoundException}; every other failure (I/O
 * error, unreachable endpoint after retries, refused credentials) is {@link
 * ArtifactStoreException}, whose message names the store. Calls end in bounded time: network stores
 * have connect/read timeouts and a bounded number of retries.
 *
 * <p><b>Visibility.</b> A blob is visible under its key only once it is complete: readers never see
 * a partial payload, whatever happens to the writer.
 *
 * <p><b>Last-modified and the sweeper.</b> A put of content that is already stored refreshes the
 * blob's last-modified time. The catalog writes a blob first and its {@code artifact} row after;
 * {@link ArtifactSweeper} only deletes unreferenced blobs whose last-modified time is older than a
 * grace period, which is what keeps a freshly written blob alive until its row is committed.
 *
 * <p>Implementations are thread-safe.
 */
public interface ArtifactStore {

  /**
   * Stores a payload of unknown length and returns its content address. The stream is read to its
   * end but not closed (the caller owns it). If the content is already stored, the bytes are not
   * duplicated; the last-modified time is refreshed and the media type of the latest put is kept.
   *
   * @param content the bytes; may be empty
   * @param mediaType e.g. {@code image/webp}; kept with the blob and returned by {@link #stat}
   * @throws ArtifactStoreException if the payload could not be stored; no blob is then visible
   *     under its key unless an earlier put stored the same content
   */
  StoredArtifact put(InputStream content, String mediaType);

  /**
   * Opens the whole blob for reading. The caller must close the stream.
   *
   * @throws ArtifactNotFoundException if no blob has this key
   */
  InputStream get(String key);

  /**
   * Opens {@code length} bytes starting at {@code offset}. A range running past the end is cut at
   * the end; an offset at or past the end yields an empty stream. The caller must close the stream.
   *
   * @throws IllegalArgumentException if {@code offset < 0} or {@code length < 0}
   * @throws ArtifactNotFoundException if no blob has this key
   */
  InputStream get(String key, long offset, long length);

  /**
   * Size, hash, media type and last-modified time of a blob.
   *
   * @throws ArtifactNotFoundException if no blob has this key
   */
  ArtifactStat stat(String key);

  /** Whether a complete blob is stored under the key. */
  boolean exists(String key);

  /**
   * Removes a blob. Deleting a missing key is not an error (deletes are retried by sweeps).
   *
   * @return whether a blob was there to delete (best effort on S3, which does not say)
   */
  boolean delete(String key);

  /**
   * Removes a blob only if its last-modified time is before {@code cutoff}; the sweeper's guard
   * against deleting content that a writer has just (re)stored and not yet committed a row for. The
   * filesystem store decides atomically (it moves the blob aside before the final check); S3 has no
   * conditional delete, so there the check and the delete are two requests milliseconds apart.
   *
   * @return whether the blob was deleted; {@code false} if missing or modified since the cutoff
   */
  boolean deleteIfUnmodifiedSince(String key, Instant cutoff);

  /**
   * Lists blobs whose key starts with {@code prefix} ({@code ""} lists everything), in key order.
   * The stream is lazy and holds resources: close it (try-with-resources). Blobs written or deleted
   * while the stream is consumed may or may not appear.
   *
   * @throws InvalidArtifactKeyException if the prefix cannot start a key
   */
  Stream<ArtifactEntry> list(String prefix);

  /**
   * A URL from which a client can download the blob directly, valid for about {@code ttl}.
   *
   * <p>S3/MinIO returns a presigned GET URL. The filesystem store returns {@code base-url + key}
   * when a base URL is configured (the web application serves and authorizes those downloads; the
   * TTL does not apply) and empty otherwise, meaning: stream it through the application with {@link
   * #get}. Does not check that the blob exists.
   */
  Optional<URI> downloadUrl(String key, Duration ttl);

  /**
   * Where this store is, for messages and health: {@code filesystem:/data/artifacts} or {@code
   * s3:http://minio:9000/darkroom-artifacts}. Never contains credentials.
   */
  String describe();
}
