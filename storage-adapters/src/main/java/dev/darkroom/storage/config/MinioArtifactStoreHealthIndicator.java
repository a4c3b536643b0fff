package dev.darkroom.storage.config;

import dev.darkroom.storage.minio.MinioArtifactStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when the endpoint answers and the bucket exists. */
public class MinioArtifactStoreHealthIndicator extends AbstractHealthIndicator {

  private final MinioArtifactStore store;

  public MinioArtifactStoreHealthIndicator(MinioArtifactStore store) {
    super("artifact store health check failed");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder
        .withDetail("endpoint", store.endpoint().toString())
        .withDetail("bucket", store.bucket());
    if (store.bucketExists()) {
      builder.up();
    } else {
      builder.down().withDetail("error", "bucket does not exist");
    }
  }
}
