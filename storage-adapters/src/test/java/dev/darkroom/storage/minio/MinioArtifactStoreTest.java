package dev.darkroom.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.core.storage.StoredArtifact;
import dev.darkroom.storage.contract.Payloads;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the S3 adapter promises, beyond the contract; against S3Proxy. */
class MinioArtifactStoreTest {

  @TempDir static Path dir;
  private static S3ProxyServer s3;
  private static MinioClient raw;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(dir);
    raw =
        MinioClient.builder()
            .endpoint(s3.endpoint().toString())
            .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    raw.close();
    s3.close();
  }

  @Test
  void bucketIsCreatedAtStartUpWhenAllowed() throws Exception {
    try (MinioArtifactStore store =
        new MinioArtifactStore(TestSettings.smallParts(s3.endpoint(), "created"))) {
      assertThat(raw.bucketExists(BucketExistsArgs.builder().bucket("created").build())).isTrue();
      assertThat(store.bucketExists()).isTrue();
    }
  }

  @Test
  void missingBucketIsRefusedWhenCreationIsNotAllowed() {
    MinioStoreSettings base = TestSettings.smallParts(s3.endpoint(), "not-there");
    MinioStoreSettings noCreate =
        new MinioStoreSettings(
            base.endpoint(),
            base.accessKey(),
            base.secretKey(),
            base.bucket(),
            base.region(),
            false,
            base.connectTimeout(),
            base.readTimeout(),
            base.maxAttempts(),
            base.initialBackoff(),
            base.partSize());

    assertThatThrownBy(() -> new MinioArtifactStore(noCreate))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining(s3.endpoint() + "/not-there")
        .hasMessageContaining("create-bucket");
  }

  @Test
  void hashAndMediaTypeAreKeptAsObjectMetadataOnBothUploadPaths() throws Exception {
    try (MinioArtifactStore store =
        new MinioArtifactStore(TestSettings.smallParts(s3.endpoint(), "metadata"))) {
      for (int size : new int[] {1_000, 7 * 1024 * 1024}) {
        StoredArtifact stored =
            store.put(new ByteArrayInputStream(Payloads.random(size)), "image/heic");

        StatObjectResponse object =
            raw.statObject(
                StatObjectArgs.builder().bucket("metadata").object(stored.key()).build());
        assertThat(object.contentType()).isEqualTo("image/heic");
        assertThat(object.userMetadata().getFirst("sha256")).isEqualTo(stored.sha256());
        assertThat(object.size()).isEqualTo(size);
      }
      // the streaming path's temporary objects are gone
      assertThat(
              raw.listObjects(
                  ListObjectsArgs.builder()
                      .bucket("metadata")
                      .prefix(".tmp/")
                      .recursive(true)
                      .build()))
          .isEmpty();
    }
  }

  @Test
  void wrongCredentialsFailWithTypedExceptionNamingTheStore() {
    MinioStoreSettings wrong =
        TestSettings.smallParts(
            s3.endpoint(), "contract", S3ProxyServer.ACCESS_KEY, "not-the-secret");

    assertThatThrownBy(() -> new MinioArtifactStore(wrong))
        .isInstanceOf(ArtifactStoreException.class)
        .hasMessageContaining("s3:" + s3.endpoint() + "/contract");
  }

  @Test
  void transientFailuresAreRetriedWithBackoffThenReportedWithEndpointAndBucket() throws Exception {
    try (FlakyProxy proxy = new FlakyProxy(s3.endpoint());
        MinioArtifactStore store =
            new MinioArtifactStore(
                TestSettings.withTimeouts(proxy.endpoint(), "flaky", Duration.ofSeconds(5)))) {
      String key = store.put(new ByteArrayInputStream(Payloads.random(100)), "text/plain").key();

      // a dropped keep-alive connection and a 503: later attempts succeed
      proxy.failNext(1);
      assertThat(store.stat(key).artifact().size()).isEqualTo(100);
      assertThat(proxy.failedConnections()).isEqualTo(1);

      // more failures than attempts: a typed error naming where, not a "not found"
      proxy.failNext(100);
      URI endpoint = proxy.endpoint();
      assertThatThrownBy(() -> store.stat(key))
          .isInstanceOf(ArtifactStoreException.class)
          .isNotInstanceOf(ArtifactNotFoundException.class)
          .hasMessageContaining("s3:" + endpoint + "/flaky")
          .hasMessageContaining("after 3 attempts");
      // (the first attempt may go to the dropped pooled connection instead of the proxy)
      assertThat(proxy.failedConnections()).isBetween(3, 4);
    }
  }
}
