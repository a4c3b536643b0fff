package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every error of the API over real HTTP is an RFC 9457 problem ({@code application/problem+json})
 * without Java class names: no token on a state-changing call (401, not a CSRF 403), an unknown
 * route, a wrong method, broken {@code %}-encoding, path traversal and a bug (500). Raw HTTP over a
 * socket, since no HTTP client sends a broken escape. A database outage (503 with {@code
 * Retry-After}) is answered by the real endpoints on a stopped PostgreSQL in {@code
 * dev.darkroom.web.api.DatabaseOutageAnswersTest}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    classes = SecurityTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {TestLogin.PASSWORD_PROPERTY, "darkroom.web.api.max-body-size=2KB"})
class ApiErrorAnswersTest {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    TestDatabase.create("ApiErrorAnswersTest").registerWith(registry);
    Path dataDir = Files.createTempDirectory("darkroom-api-errors-test");
    registry.add("darkroom.data-dir", dataDir::toString);
  }

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;

  @Test
  void aStateChangingCallWithoutATokenIs401NotACsrf403() throws IOException {
    Answer answer = send("POST /api/test/ping", null, "{}");

    assertThat(answer.status()).isEqualTo(401);
    assertProblem(answer, "unauthenticated");
    assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void anUnknownRouteIsA404Problem() throws IOException {
    Answer answer = send("GET /api/no-such-thing", operator(), null);

    assertThat(answer.status()).isEqualTo(404);
    assertProblem(answer, "not-found");
  }

  @Test
  void aWrongMethodIsA405ProblemThatSaysWhichMethodsWork() throws IOException {
    Answer answer = send("DELETE /api/test/ping", operator(), null);

    assertThat(answer.status()).isEqualTo(405);
    assertProblem(answer, "method-not-allowed");
    assertThat(answer.header("Allow")).contains("GET").contains("POST");
  }

  @Test
  void brokenPercentEncodingInTheQueryIsA400Problem() throws IOException {
    Answer answer = send("GET /api/test/ping?x=%zz", operator(), null);

    assertThat(answer.status()).isEqualTo(400);
    assertProblem(answer, "invalid-parameter");
  }

  @Test
  void aNulCharacterInAParameterIsA400ProblemNotADatabaseError() throws IOException {
    // schemathesis's case (a run's failures cursor): a value PostgreSQL cannot take as text
    Answer nul = send("GET /api/test/lookup?key=%F2%AF%9B%84a%00b", operator(), null);
    Answer literal = send("GET /api/test/lookup?key=%2500", operator(), null);

    assertThat(nul.status()).isEqualTo(400);
    assertProblem(nul, "invalid-parameter");
    assertThat(nul.body()).contains("NUL");
    assertThat(literal.status()).as("the text %00 itself is fine").isEqualTo(200);
    assertThat(literal.body()).contains("%00");

    // in a JSON body it reaches PostgreSQL, whose refusal is the same 400, not a 500
    Answer body = send("POST /api/test/lookup", operator(), "{\"key\":\"a\\u0000b\"}");
    assertThat(body.status()).isEqualTo(400);
    assertProblem(body, "invalid-parameter");
  }

  @Test
  void brokenPercentEncodingInThePathIsA400Problem() throws IOException {
    Answer answer = send("GET /api/test/%zz", operator(), null);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.body()).contains("\"status\":400").doesNotContainPattern("java\\.|Exception");
  }

  @Test
  void pathTraversalIsA400ProblemAndOneLogLine(CapturedOutput output) throws IOException {
    Answer answer = send("GET /api/test/%2e%2e/%2e%2e/etc/passwd", operator(), null);

    assertThat(answer.status()).isEqualTo(400);
    assertProblem(answer, "rejected-request");
    assertThat(output.getOut()).doesNotContain("RequestRejectedException").doesNotContain("\tat ");
  }

  @Test
  void aBodyOverTheLimitIsA413Problem() throws IOException {
    Answer answer = send("POST /api/test/ping", operator(), "{\"x\":\"" + "a".repeat(3000) + "\"}");

    assertThat(answer.status()).isEqualTo(413);
    assertProblem(answer, "payload-too-large");
  }

  @Test
  void aBugIsA500ProblemThatShowsNothingOfTheCode() throws IOException {
    Answer answer = send("GET /api/test/bug", operator(), null);

    assertThat(answer.status()).isEqualTo(500);
    assertProblem(answer, "internal-error");
  }

  private String operator() {
    return tokens.create("errors", ApiTokenRole.OPERATOR, null, null).secret();
  }

  private static void assertProblem(Answer answer, String type) {
    assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(answer.body())
        .contains("\"type\":\"https://darkroom.dev/problems/" + type + "\"")
        .contains("\"status\":" + answer.status())
        .doesNotContainPattern("java\\.|Exception|dev\\.darkroom");
  }

  /** One HTTP/1.1 exchange, the request line sent exactly as given. */
  private Answer send(String requestLine, String token, String json) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\n");
      request.append("Host: localhost:").append(port).append("\r\n");
      request.append("Accept: application/json\r\nConnection: close\r\n");
      if (token != null) {
        request.append("Authorization: Bearer ").append(token).append("\r\n");
      }
      byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
      if (json != null) {
        request.append("Content-Type: application/json\r\n");
      }
      request.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Answer.parse(raw);
    }
  }

  record Answer(int status, String head, String body) {

    static Answer parse(String raw) {
      int split = raw.indexOf("\r\n\r\n");
      String head = split < 0 ? raw : raw.substring(0, split);
      String body = split < 0 ? "" : raw.substring(split + 4);
      if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      return new Answer(Integer.parseInt(head.split(" ")[1]), head, body);
    }

    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).strip();
        }
      }
      return null;
    }

    private static String unchunk(String chunked) {
      StringBuilder body = new StringBuilder();
      int at = 0;
      while (at < chunked.length()) {
        int end = chunked.indexOf("\r\n", at);
        int size = Integer.parseInt(chunked.substring(at, end).strip(), 16);
        if (size == 0) {
          break;
        }
        body.append(chunked, end + 2, end + 2 + size);
        at = end + 2 + size + 2;
      }
      return body.toString();
    }
  }
}
