package dev.darkroom.storage.config;

import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Up when the store directory is a writable directory; reports free space. */
public class FilesystemArtifactStoreHealthIndicator extends AbstractHealthIndicator {

  private final FilesystemArtifactStore store;

  public FilesystemArtifactStoreHealthIndicator(FilesystemArtifactStore store) {
    super("artifact store health check failed");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    builder.withDetail("store", store.describe());
    if (!store.isWritable()) {
      builder.down().withDetail("error", "store root is not a writable directory");
      return;
    }
    builder.up().withDetail("usableBytes", store.usableSpace());
  }
}
