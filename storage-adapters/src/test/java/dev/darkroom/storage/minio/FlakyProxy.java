package dev.darkroom.storage.minio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an S3 endpoint that answers the next {@code failures} connections with
 * {@code 503 Service Unavailable} and pipes the rest through unchanged (so signatures still match).
 */
final class FlakyProxy implements AutoCloseable {

  private final ServerSocket socket;
  private final URI upstream;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final List<Socket> open = new ArrayList<>();

  FlakyProxy(URI upstream) throws IOException {
    this.upstream = upstream;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "flaky-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  /**
   * Fails the next {@code connections} connections. Open connections are dropped first, so that a
   * client's pooled keep-alive connection cannot bypass the failures.
   */
  void failNext(int connections) throws InterruptedException {
    failuresLeft.set(connections);
    synchronized (open) {
      for (Socket s : open) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
      open.clear();
    }
    Thread.sleep(100);
  }

  int failedConnections() {
    return failed.get();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          failed.incrementAndGet();
          try (client) {
            drainHeaders(client.getInputStream());
            client
                .getOutputStream()
                .write(
                    ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                            + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
          }
          continue;
        }
        Socket server = new Socket(upstream.getHost(), upstream.getPort());
        synchronized (open) {
          open.add(client);
          open.add(server);
        }
        pipe(client, server);
        pipe(server, client);
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private static void drainHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < 4 && (b = in.read()) != -1) {
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException ignored) {
                // the other side closed
              } finally {
                try {
                  to.shutdownOutput();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "flaky-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
