package dev.darkroom.storage.minio;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the bucket and how hard to try.
 *
 * @param endpoint e.g. {@code http://minio:9000}
 * @param region S3 region; MinIO ignores it, S3 needs the bucket's
 * @param createBucket create the bucket at start-up when missing (needs the permission)
 * @param connectTimeout bounded time to detect an unreachable endpoint
 * @param readTimeout bounded time for a stalled transfer
 * @param maxAttempts attempts per request for transient failures (network errors, 5xx, SlowDown)
 * @param initialBackoff wait before the second attempt; doubled for each further one
 * @param partSize multipart part size in bytes (>= 5 MiB); payloads shorter than this are buffered
 *     in memory and uploaded in one request, longer ones are streamed part by part
 */
public record MinioStoreSettings(
    URI endpoint,
    String accessKey,
    String secretKey,
    String bucket,
    String region,
    boolean createBucket,
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration initialBackoff,
    long partSize) {

  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  public MinioStoreSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException(
          "partSize must be >= 5 MiB (the S3 minimum part size), was " + partSize);
    }
  }

  /** Defaults for everything but where and who. */
  public static MinioStoreSettings of(
      URI endpoint, String accessKey, String secretKey, String bucket) {
    return new MinioStoreSettings(
        endpoint,
        accessKey,
        secretKey,
        bucket,
        "us-east-1",
        true,
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        3,
        Duration.ofMillis(200),
        16L * 1024 * 1024);
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "MinioStoreSettings[endpoint=" + endpoint + ", bucket=" + bucket + "]";
  }
}
