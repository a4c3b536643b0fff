package dev.darkroom.bench.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/** S3Proxy on 127.0.0.1 and a free port, storing in a directory: the benchmark's S3 endpoint. */
final class EmbeddedS3Proxy implements AutoCloseable {

  static final String ACCESS_KEY = "bench-access";
  static final String SECRET_KEY = "bench-secret-key";

  private final S3Proxy proxy;

  private EmbeddedS3Proxy(S3Proxy proxy) {
    this.proxy = proxy;
  }

  static EmbeddedS3Proxy start(Path baseDir) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", baseDir.toString());
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem", properties))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    return new EmbeddedS3Proxy(proxy);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
