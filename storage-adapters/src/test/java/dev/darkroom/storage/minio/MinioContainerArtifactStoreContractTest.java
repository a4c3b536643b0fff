package dev.darkroom.storage.minio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.storage.contract.AbstractArtifactStoreContractTest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;

/** The contract against a real MinIO server; needs a Docker engine for Testcontainers. */
class MinioContainerArtifactStoreContractTest extends AbstractArtifactStoreContractTest {

  private MinIOContainer container;
  private MinioArtifactStore minio;
  private URI closedPort;

  private static final boolean DOCKER = DockerClientFactory.instance().isDockerAvailable();

  @BeforeEach
  void requireDocker() {
    // Per test rather than per class, so every skipped case is counted and carries the reason.
    assumeTrue(
        DOCKER,
        "no Docker engine found (Testcontainers needs one to run the MinIO container);"
            + " the same contract runs against S3Proxy in S3ProxyArtifactStoreContractTest");
  }

  @Override
  protected @Nullable ArtifactStore createStore() {
    if (!DOCKER) {
      return null; // every test is skipped by requireDocker()
    }
    container = new MinIOContainer("minio/minio:RELEASE.2025-09-07T16-13-09Z");
    container.start();
    minio =
        new MinioArtifactStore(
            TestSettings.smallParts(
                URI.create(container.getS3URL()),
                "contract",
                container.getUserName(),
                container.getPassword()));
    return minio;
  }

  @Override
  protected void stopStore() {
    if (minio != null) {
      minio.close();
    }
    if (container != null) {
      container.stop();
    }
  }

  @Override
  protected ArtifactStore unreachableStore() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    closedPort = URI.create("http://127.0.0.1:" + port);
    return new MinioArtifactStore(
        TestSettings.withTimeouts(closedPort, "contract", Duration.ofSeconds(1)));
  }

  @Override
  protected String unreachableLocation() {
    return closedPort + "/contract";
  }
}
