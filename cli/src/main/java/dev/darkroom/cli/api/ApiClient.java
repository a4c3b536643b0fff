package dev.darkroom.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API over {@link HttpClient}: JSON in and out as Jackson trees, problem details turned
 * into {@link ApiException}, no answer at all into {@link ServerUnreachableException}. Paths are
 * relative to the server's base URL ({@code /api/runs/7}).
 */
public final class ApiClient {

  public static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

  private final String baseUrl;
  private final @Nullable String token;
  private final HttpClient http;

  public ApiClient(String baseUrl, @Nullable String token) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** {@code a=b&c=d} with each value URL-encoded; null values are left out. */
  public static String query(@Nullable Object... nameValues) {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i + 1 < nameValues.length; i += 2) {
      Object value = nameValues[i + 1];
      if (value != null) {
        q.append(q.isEmpty() ? "?" : "&")
            .append(nameValues[i])
            .append('=')
            .append(
                URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
      }
    }
    return q.toString();
  }

  public JsonNode get(String path) {
    return json(send(request(path).GET(), HttpResponse.BodyHandlers.ofString()));
  }

  public JsonNode post(String path, @Nullable Object body) {
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    body == null ? "" : JSON.writeValueAsString(body)));
    return json(send(request, HttpResponse.BodyHandlers.ofString()));
  }

  public void delete(String path) {
    send(request(path).DELETE(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Every item of a keyset-paged list ({@code {"items": [...], "next": …}}), page after page, up to
   * {@code max} (0: all).
   */
  public List<JsonNode> items(String path, int max) {
    List<JsonNode> items = new ArrayList<>();
    String after = null;
    String separator = path.contains("?") ? "&" : "?";
    do {
      int limit = max <= 0 ? 500 : Math.min(500, max - items.size());
      JsonNode page =
          get(
              path
                  + separator
                  + "limit="
                  + limit
                  + (after == null ? "" : query("after", after).replace('?', '&')));
      page.path("items").forEach(items::add);
      JsonNode next = page.path("next");
      after = next.isNull() || next.isMissingNode() ? null : next.asString();
    } while (after != null && (max <= 0 || items.size() < max));
    return items;
  }

  /**
   * Streams bytes, e.g. an artifact's content; {@code fromByte > 0} asks for the rest only ({@code
   * Range}). The caller closes the stream. The answer's status tells whether the range was honoured
   * ({@code 206}) or the whole content came ({@code 200}).
   */
  public HttpResponse<InputStream> download(String path, long fromByte) {
    HttpRequest.Builder request = request(path).GET();
    if (fromByte > 0) {
      request.header("Range", "bytes=" + fromByte + "-");
    }
    HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
    return response;
  }

  /**
   * Reads a server-sent event stream until {@code until} says stop or the server ends it. Blocks;
   * the connection is closed when it returns.
   *
   * @return true when {@code until} stopped it, false when the server ended the stream first
   */
  public boolean events(String path, Predicate<SseEvent> until) {
    HttpResponse<Stream<String>> response =
        send(
            request(path).header("Accept", "text/event-stream").timeout(Duration.ofDays(1)).GET(),
            HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      String name = "message";
      StringBuilder data = new StringBuilder();
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.isEmpty()) {
          if (!data.isEmpty() && until.test(new SseEvent(name, data.toString()))) {
            return true;
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith(":")) {
          // A keep-alive comment: lets the caller re-check, should the end never be announced.
          if (until.test(new SseEvent("comment", line.substring(1).trim()))) {
            return true;
          }
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          if (!data.isEmpty()) {
            data.append('\n');
          }
          data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
        }
      }
      return false;
    } catch (UncheckedIOException e) {
      throw new ServerUnreachableException(baseUrl + path, e.getCause());
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json, application/problem+json")
            .header("User-Agent", "darkroom-cli");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder builder, HttpResponse.BodyHandler<T> body) {
    HttpRequest request = builder.build();
    HttpResponse<T> response;
    try {
      response = http.send(request, body);
    } catch (IOException e) {
      throw new ServerUnreachableException(baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnreachableException(baseUrl, e);
    }
    if (response.statusCode() >= 400 || response.statusCode() == 302) {
      throw problem(response);
    }
    return response;
  }

  private ApiException problem(HttpResponse<?> response) {
    int status = response.statusCode();
    String text = bodyText(response.body());
    JsonNode problem = null;
    try {
      JsonNode parsed = text.isBlank() ? null : JSON.readTree(text);
      if (parsed != null && parsed.isObject()) {
        problem = parsed;
      }
    } catch (JacksonException e) {
      // not JSON: the status says enough
    }
    String message;
    if (problem != null && problem.hasNonNull("detail")) {
      message = problem.path("detail").asString();
    } else if (problem != null && problem.hasNonNull("title")) {
      message = problem.path("title").asString();
    } else if (status == 302 || status == 401) {
      message = "the server at " + baseUrl + " wants an API token";
    } else {
      message = "the server answered HTTP " + status + " to " + response.request().uri().getPath();
    }
    if (status == 401 || status == 302) {
      message +=
          token == null
              ? ". Log in with `darkroom login " + baseUrl + "` (or set DARKROOM_TOKEN)"
              : ". The token was refused: it may be mistyped, revoked or expired; make a new one"
                  + " on the dashboard and run `darkroom login`";
      status = 401;
    } else if (status == 403) {
      message += ". Your token's role may not do this; an operator token can";
    }
    return new ApiException(status, message, problem);
  }

  private static String bodyText(Object body) {
    if (body instanceof String s) {
      return s;
    }
    if (body instanceof InputStream in) {
      try (in) {
        return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
    if (body instanceof Stream<?> lines) {
      try (lines) {
        return String.join("\n", lines.map(Object::toString).toList());
      }
    }
    return "";
  }

  private static JsonNode json(HttpResponse<String> response) {
    String body = response.body();
    if (body == null || body.isBlank()) {
      return tools.jackson.databind.node.MissingNode.getInstance();
    }
    return JSON.readTree(body);
  }
}
