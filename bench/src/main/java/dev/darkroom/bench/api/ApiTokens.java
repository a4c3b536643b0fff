package dev.darkroom.bench.api;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the benchmark's API token as an admin would: {@code POST /api/tokens} from the signed-in
 * session, with the CSRF token of a page's meta tag (what the dashboard's htmx requests send).
 */
final class ApiTokens {

  private static final Pattern META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
  private static final Pattern SECRET = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  static String create(BenchHttp http) throws IOException, InterruptedException {
    String page =
        BenchHttp.body(http.send(HttpRequest.newBuilder(http.base().resolve("/account"))));
    Matcher csrf = META.matcher(page);
    if (!csrf.find()) {
      throw new IllegalStateException("no CSRF meta tag on /account");
    }
    HttpResponse<byte[]> created =
        http.send(
            HttpRequest.newBuilder(http.base().resolve("/api/tokens"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-TOKEN", csrf.group(1))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"api benchmark\",\"role\":\"VIEWER\"}")));
    Matcher secret = SECRET.matcher(BenchHttp.body(created));
    if (created.statusCode() != 201 || !secret.find()) {
      throw new IllegalStateException(
          "token not created: " + created.statusCode() + " " + BenchHttp.body(created));
    }
    return secret.group(1);
  }

  private ApiTokens() {}
}
