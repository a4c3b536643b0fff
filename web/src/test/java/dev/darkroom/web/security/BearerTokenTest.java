package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bearer API tokens over real HTTP against a running server on PostgreSQL: what each role may do,
 * and a 401 problem detail with {@code WWW-Authenticate} for every token that does not work.
 */
@SpringBootTest(
    classes = SecurityTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = TestLogin.PASSWORD_PROPERTY)
class BearerTokenTest {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    TestDatabase.create("BearerTokenTest").registerWith(registry);
    Path dataDir = Files.createTempDirectory("darkroom-bearer-test");
    registry.add("darkroom.data-dir", dataDir::toString);
  }

  @LocalServerPort int port;
  @Autowired ApiTokens tokens;
  @Autowired JdbcClient jdbc;

  @Test
  void aViewerTokenReadsTheApi() {
    String viewer = token(ApiTokenRole.VIEWER);

    HttpResponse<String> read = send("GET", "/api/test/ping", viewer);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).contains("\"who\":\"token:viewer-token\"");
    assertThat(read.headers().firstValue("Set-Cookie")).as("stateless: no session").isEmpty();
  }

  @Test
  void aViewerTokenGetsA403ProblemNamingTheMissingRoleOnAStateChangingRequest() {
    String viewer = token(ApiTokenRole.VIEWER);

    HttpResponse<String> write = send("POST", "/api/test/ping", viewer);

    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(write.body())
        .contains("\"type\":\"https://darkroom.dev/problems/forbidden\"")
        .contains("POST /api/test/ping needs the OPERATOR role")
        .contains("'token:viewer-token' has VIEWER");
  }

  @Test
  void anOperatorTokenChangesStateWithoutACsrfToken() {
    String operator = token(ApiTokenRole.OPERATOR);

    HttpResponse<String> write = send("POST", "/api/test/ping", operator);
    HttpResponse<String> read = send("GET", "/api/test/ping", operator);

    assertThat(write.statusCode()).isEqualTo(200);
    assertThat(write.body()).contains("\"changed\":\"ok\"");
    assertThat(read.statusCode()).isEqualTo(200);
  }

  @Test
  void noTokenManagesTokens() {
    String operator = token(ApiTokenRole.OPERATOR);

    HttpResponse<String> list = send("GET", "/api/tokens", operator);
    HttpResponse<String> create = send("POST", "/api/tokens", operator);

    assertThat(list.statusCode()).isEqualTo(403);
    assertThat(list.body()).contains("needs the ADMIN role").contains("Sign in as the admin");
    assertThat(create.statusCode()).isEqualTo(403);
  }

  @Test
  void aRevokedTokenGetsA401ProblemWithWwwAuthenticate() {
    NewApiToken created = tokens.create("soon revoked", ApiTokenRole.OPERATOR, null, null);
    assertThat(send("GET", "/api/test/ping", created.secret()).statusCode()).isEqualTo(200);

    tokens.revoke(created.token().id());
    HttpResponse<String> refused = send("GET", "/api/test/ping", created.secret());

    assertInvalidToken(refused, "revoked");
    assertThat(refused.body()).contains("API token 'soon revoked' was revoked at");
  }

  @Test
  void anExpiredTokenGetsA401ProblemWithWwwAuthenticate() {
    NewApiToken created =
        tokens.create("short-lived", ApiTokenRole.VIEWER, Instant.now().plusSeconds(3600), null);
    assertThat(send("GET", "/api/test/ping", created.secret()).statusCode()).isEqualTo(200);
    jdbc.sql(
            "UPDATE api_token SET created_at = now() - interval '2 days',"
                + " expires_at = now() - interval '1 second' WHERE id = ?")
        .param(created.token().id())
        .update();

    HttpResponse<String> refused = send("GET", "/api/test/ping", created.secret());

    assertInvalidToken(refused, "expired");
    assertThat(refused.body()).contains("API token 'short-lived' expired at");
  }

  @Test
  void aGarbageOrUnknownTokenGetsA401ProblemWithWwwAuthenticate() {
    String unknown = ApiTokens.newSecret();

    assertInvalidToken(send("GET", "/api/test/ping", "not-a-token"), "unknown");
    assertInvalidToken(send("GET", "/api/test/ping", unknown), "unknown");
    assertInvalidToken(send("POST", "/api/test/ping", ""), "unknown");
  }

  @Test
  void noTokenOnTheApiIsA401ProblemAndNeverARedirectToTheLoginPage() {
    HttpResponse<String> anonymous = send("GET", "/api/test/ping", null);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"darkroom\"");
    assertThat(anonymous.headers().firstValue("Location")).isEmpty();
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(anonymous.body())
        .contains("\"status\":401")
        .contains("send 'Authorization: Bearer <token>'");
  }

  @Test
  void requestInputInAProblemComesBackAsJsonNotMarkup() {
    String path = "/api/test/%3Cscript%3Ealert(1)%3C/script%3E";

    HttpResponse<String> anonymous =
        sendWith("GET", path, null, "Accept", "text/html,application/xhtml+xml");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(anonymous.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(anonymous.body()).doesNotContain("<script>");
  }

  @Test
  void aTokenRecordsItsLastUseAtMostOnceAMinute() {
    NewApiToken created = tokens.create("used", ApiTokenRole.VIEWER, null, null);
    assertThat(tokens.get(created.token().id()).lastUsedAt()).isNull();

    send("GET", "/api/test/ping", created.secret());
    Instant first = tokens.get(created.token().id()).lastUsedAt();
    send("GET", "/api/test/ping", created.secret());
    Instant second = tokens.get(created.token().id()).lastUsedAt();

    assertThat(first).isNotNull();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aBearerTokenStaysAuthenticatedThroughAnAsyncDispatch() {
    String viewer = token(ApiTokenRole.VIEWER);

    HttpResponse<String> events =
        sendWith("GET", "/api/test/events", viewer, "Accept", "text/event-stream");

    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.body()).contains("data:hello token:viewer-token");
  }

  @Test
  void healthIsPublicAndOtherActuatorEndpointsNeedAToken() {
    assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/actuator/info", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/actuator/info", token(ApiTokenRole.VIEWER)).statusCode())
        .isEqualTo(200);
  }

  private String token(ApiTokenRole role) {
    return tokens.create(role.name().toLowerCase() + "-token", role, null, null).secret();
  }

  private static void assertInvalidToken(HttpResponse<String> response, String reason) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\"darkroom\", error=\"invalid_token\", error_description=\"The token is "
                + reason
                + "\"");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body())
        .contains("\"type\":\"https://darkroom.dev/problems/invalid-token\"")
        .contains("\"status\":401");
  }

  private HttpResponse<String> send(String method, String path, String token) {
    return sendWith(method, path, token, "Accept", "application/json");
  }

  private HttpResponse<String> sendWith(
      String method, String path, String token, String header, String value) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(header, value)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return new TestLogin.Session("http://localhost:" + port).send(request);
  }
}
