package dev.darkroom.bench.api;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** A signed-in HTTP client for the benchmark: the browser's session for pages, a token for /api. */
final class BenchHttp {

  private static final Pattern CSRF =
      Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

  private final URI base;
  private final String password;
  private final HttpClient client;
  private @Nullable String token;

  BenchHttp(URI base, String password) {
    this.base = base;
    this.password = password;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  void awaitUp(Process server, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited with " + server.exitValue());
      }
      try {
        if (send(HttpRequest.newBuilder(base.resolve("/actuator/health")).GET()).statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the server did not come up within " + timeout);
  }

  /** Signs in through the login form (session cookie for pages) and creates an API token. */
  void login() throws IOException, InterruptedException {
    String loginPage = body(send(HttpRequest.newBuilder(base.resolve("/login")).GET()));
    String form =
        "username=admin&password="
            + ApiBenchmark.enc(password)
            + "&_csrf="
            + ApiBenchmark.enc(csrf(loginPage));
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    String location = response.headers().firstValue("Location").orElse("");
    if (response.statusCode() != 302 || location.contains("error")) {
      throw new IllegalStateException("login failed: " + response.statusCode() + " " + location);
    }
    token = ApiTokens.create(this);
  }

  HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null && path.startsWith("/api/")) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response = send(request);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + response.statusCode() + ": " + body(response));
    }
    return response;
  }

  /**
   * Opens a server-sent event stream and returns once its first event has arrived in full (the
   * blank line that ends it), then closes the stream.
   */
  void firstEvent(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30))
            .GET();
    if (token != null && path.startsWith("/api/")) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<java.io.InputStream> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (java.io.InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
      }
      int previous = -1;
      for (int b = in.read(); b != -1; b = in.read()) {
        if (b == '\n' && previous == '\n') {
          return;
        }
        if (b != '\r') {
          previous = b;
        }
      }
      throw new IllegalStateException("GET " + path + " ended before its first event");
    }
  }

  HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  URI base() {
    return base;
  }

  static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token in the page");
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }
}
