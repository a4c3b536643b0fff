package dev.darkroom.storage.minio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An endpoint that accepts connections and never answers: the unkind way to be unreachable, which
 * only timeouts can bound.
 */
final class Blackhole implements AutoCloseable {

  private final ServerSocket socket;
  private final List<Socket> accepted = new ArrayList<>();

  Blackhole() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket s = socket.accept();
                  synchronized (accepted) {
                    accepted.add(s);
                  }
                } catch (IOException e) {
                  return;
                }
              }
            },
            "blackhole");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  @Override
  public void close() throws IOException {
    socket.close();
    synchronized (accepted) {
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
