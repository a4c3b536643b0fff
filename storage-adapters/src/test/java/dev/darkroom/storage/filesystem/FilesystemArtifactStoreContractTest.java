package dev.darkroom.storage.filesystem;

import com.sun.net.httpserver.HttpServer;
import dev.darkroom.core.storage.ArtifactNotFoundException;
import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.storage.contract.AbstractArtifactStoreContractTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class FilesystemArtifactStoreContractTest extends AbstractArtifactStoreContractTest {

  @TempDir static Path dir;
  private HttpServer server;
  private Path brokenRoot;

  @Override
  protected ArtifactStore createStore() throws Exception {
    // Stands in for the web layer, which serves <base-url>/<key> from the store.
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/artifacts/");
    FilesystemArtifactStore fs = new FilesystemArtifactStore(dir.resolve("store"), List.of(), base);
    server.createContext(
        "/artifacts/",
        exchange -> {
          String key = exchange.getRequestURI().getPath().substring("/artifacts/".length());
          try (InputStream in = fs.get(key);
              OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, fs.stat(key).artifact().size());
            in.transferTo(out);
          } catch (ArtifactNotFoundException e) {
            exchange.sendResponseHeaders(404, -1);
          }
        });
    server.start();
    return fs;
  }

  @Override
  protected void stopStore() {
    server.stop(0);
  }

  @Override
  protected ArtifactStore unreachableStore() throws Exception {
    // A store whose directory vanished and was replaced by a file (an unmounted volume, say).
    brokenRoot = dir.resolve("gone");
    ArtifactStore gone = new FilesystemArtifactStore(brokenRoot, List.of());
    try (var walk = Files.walk(brokenRoot)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.writeString(brokenRoot, "not a directory");
    return gone;
  }

  @Override
  protected String unreachableLocation() {
    return "filesystem:" + dir.resolve("gone");
  }
}
