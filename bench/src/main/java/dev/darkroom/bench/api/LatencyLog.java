package dev.darkroom.bench.api;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Every request's time, one CSV line each: endpoint, round, milliseconds (in request order). */
final class LatencyLog implements AutoCloseable {

  private final BufferedWriter out;

  LatencyLog(Path file) throws IOException {
    this.out = Files.newBufferedWriter(file);
    out.write("endpoint,round,ms\n");
  }

  void write(String endpoint, int round, double[] millis) {
    try {
      for (double ms : millis) {
        out.write(String.format(Locale.ROOT, "\"%s\",%d,%.2f%n", endpoint, round, ms));
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
