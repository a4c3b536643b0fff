package dev.darkroom.storage.minio;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/** An embedded S3Proxy on 127.0.0.1 and a free port, storing in a directory: a real S3 API. */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "darkroom-access";
  public static final String SECRET_KEY = "darkroom-secret-key";

  private final S3Proxy proxy;

  private S3ProxyServer(S3Proxy proxy) {
    this.proxy = proxy;
  }

  public static S3ProxyServer start(Path baseDir) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", baseDir.toString());
    properties.setProperty("jclouds.identity", ACCESS_KEY);
    properties.setProperty("jclouds.credential", SECRET_KEY);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(BlobStores.create("filesystem", properties))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    return new S3ProxyServer(proxy);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
  }
}
