package dev.darkroom.storage.minio;

import java.net.URI;
import java.time.Duration;

/** Settings for tests: the minimum part size, so that 6 MiB payloads take the streaming path. */
final class TestSettings {

  private TestSettings() {}

  static MinioStoreSettings smallParts(URI endpoint, String bucket) {
    return smallParts(endpoint, bucket, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
  }

  static MinioStoreSettings smallParts(URI endpoint, String bucket, String access, String secret) {
    return new MinioStoreSettings(
        endpoint,
        access,
        secret,
        bucket,
        "us-east-1",
        true,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        3,
        Duration.ofMillis(100),
        MinioStoreSettings.MIN_PART_SIZE);
  }

  static MinioStoreSettings withTimeouts(URI endpoint, String bucket, Duration timeout) {
    return new MinioStoreSettings(
        endpoint,
        S3ProxyServer.ACCESS_KEY,
        S3ProxyServer.SECRET_KEY,
        bucket,
        "us-east-1",
        true,
        timeout,
        timeout,
        3,
        Duration.ofMillis(100),
        MinioStoreSettings.MIN_PART_SIZE);
  }
}
