package dev.darkroom.storage.minio;

import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.storage.contract.AbstractArtifactStoreContractTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class S3ProxyArtifactStoreContractTest extends AbstractArtifactStoreContractTest {

  @TempDir static Path dir;
  private S3ProxyServer s3;
  private MinioArtifactStore minio;
  private Blackhole blackhole;

  @Override
  protected ArtifactStore createStore() throws Exception {
    s3 = S3ProxyServer.start(dir);
    minio = new MinioArtifactStore(TestSettings.smallParts(s3.endpoint(), "contract"));
    return minio;
  }

  @Override
  protected void stopStore() throws Exception {
    if (minio != null) {
      minio.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (blackhole != null) {
      blackhole.close();
    }
  }

  @Override
  protected ArtifactStore unreachableStore() throws Exception {
    blackhole = new Blackhole();
    return new MinioArtifactStore(
        TestSettings.withTimeouts(blackhole.endpoint(), "contract", Duration.ofSeconds(1)));
  }

  @Override
  protected String unreachableLocation() {
    return blackhole.endpoint() + "/contract";
  }
}
