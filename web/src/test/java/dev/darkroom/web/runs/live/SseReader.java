package dev.darkroom.web.runs.live;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a server-sent event stream over real HTTP in the background, the way a browser's
 * EventSource does: {@code event:} and {@code data:} lines, dispatched at each blank line.
 */
final class SseReader implements AutoCloseable {

  /** One dispatched event; {@code data} joins its data lines with newlines. */
  record Event(String name, String data) {}

  private final List<Event> events = new ArrayList<>();
  private final CompletableFuture<Void> done;
  private volatile int status;
  private volatile Stream<String> body;

  private SseReader(HttpClient client, HttpRequest request) {
    this.done =
        client
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .thenAccept(
                response -> {
                  status = response.statusCode();
                  body = response.body();
                  read(body);
                });
  }

  /**
   * @param authorization the {@code Authorization} header; null to rely on the client's cookies
   */
  static SseReader open(HttpClient client, URI uri, @Nullable String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return new SseReader(client, request.GET().build());
  }

  private void read(Stream<String> lines) {
    String name = "message";
    StringBuilder data = null;
    for (String line : (Iterable<String>) lines::iterator) {
      if (line.isEmpty()) {
        if (data != null) {
          add(new Event(name, data.toString()));
        }
        name = "message";
        data = null;
      } else if (line.startsWith("event:")) {
        name = line.substring("event:".length()).trim();
      } else if (line.startsWith("data:")) {
        String value = line.substring("data:".length());
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
  }

  private synchronized void add(Event event) {
    events.add(event);
    notifyAll();
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  synchronized List<Event> named(String name) {
    return events.stream().filter(e -> e.name().equals(name)).toList();
  }

  int status() {
    return status;
  }

  /** Whether the server ended the stream. */
  boolean ended() {
    return done.isDone();
  }

  synchronized Event await(Predicate<Event> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Event event : events) {
        if (matching.test(event)) {
          return event;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.name()));
        throw new AssertionError(
            "no matching event within " + timeout + " (status " + status + "); got " + names);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    Stream<String> lines = body;
    if (lines != null) {
      lines.close(); // cancels the request: the server sees the client leave
    }
    done.cancel(true);
  }
}
