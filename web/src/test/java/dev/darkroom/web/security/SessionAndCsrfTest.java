package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The browser side over real HTTP: form login, the session, CSRF on forms, htmx requests and
 * session calls to the API, logout, the login redirect, public paths and the security headers.
 */
@SpringBootTest(
    classes = SecurityTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = TestLogin.PASSWORD_PROPERTY)
class SessionAndCsrfTest {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws Exception {
    TestDatabase.create("SessionAndCsrfTest").registerWith(registry);
    Path dataDir = Files.createTempDirectory("darkroom-session-test");
    registry.add("darkroom.data-dir", dataDir::toString);
  }

  @LocalServerPort int port;

  @Test
  void aPageWithoutSignInRedirectsToTheLoginPage() {
    HttpResponse<String> page = anonymous().get("/test/page");

    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValue(base() + "/login");
  }

  @Test
  void anHtmxRequestWithoutSignInIsTold401AndWhereToGoInsteadOfFollowingARedirect() {
    HttpResponse<String> fragment =
        anonymous().send(request("/test/page").header("HX-Request", "true").GET());

    assertThat(fragment.statusCode()).isEqualTo(401);
    assertThat(fragment.headers().firstValue("HX-Redirect")).hasValue("/login");
  }

  @Test
  void aWrongPasswordGoesBackToTheLoginPageWithAnError() {
    TestLogin.Session session = anonymous();
    String csrf = session.csrfToken();

    HttpResponse<String> login =
        session.send(form("/login", "username=admin&password=wrong&_csrf=" + encode(csrf)));

    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location")).hasValue(base() + "/login?error");
    assertThat(session.get("/login?error").body()).contains("Wrong user name or password.");
  }

  @Test
  void aSignedInSessionReadsPagesAndTheApi() {
    TestLogin.Session admin = TestLogin.signIn(base());

    assertThat(admin.get("/test/page").statusCode()).isEqualTo(200);
    assertThat(admin.get("/account").statusCode()).isEqualTo(200);
    HttpResponse<String> api = admin.get("/api/test/ping");
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.body()).contains("\"who\":\"admin\"");
  }

  @Test
  void aFormPostWithoutTheCsrfTokenIs403AndWithItPasses() {
    TestLogin.Session admin = TestLogin.signIn(base());

    HttpResponse<String> without = admin.send(form("/test/action", "x=1"));
    HttpResponse<String> withField =
        admin.send(form("/test/action", "x=1&_csrf=" + encode(admin.csrfToken())));

    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(withField.statusCode()).isEqualTo(200);
    assertThat(withField.body()).contains("done by admin");
  }

  @Test
  void anHtmxPostWithTheMetaTagTokenInTheHeaderPasses() {
    TestLogin.Session admin = TestLogin.signIn(base());
    String page = admin.get("/test/page").body();
    String metaToken = page.replaceAll("(?s).*name=\"_csrf\" content=\"([^\"]+)\".*", "$1");
    assertThat(page).contains("<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">");

    HttpResponse<String> htmx =
        admin.send(
            request("/test/action")
                .header("HX-Request", "true")
                .header("X-CSRF-TOKEN", metaToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> wrongToken =
        admin.send(
            request("/test/action")
                .header("HX-Request", "true")
                .header("X-CSRF-TOKEN", metaToken.substring(1) + "A")
                .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(wrongToken.statusCode()).isEqualTo(403);
  }

  @Test
  void aSessionCallToTheApiThatChangesStateNeedsTheCsrfHeaderAndGetsAProblemWithout() {
    TestLogin.Session admin = TestLogin.signIn(base());

    HttpResponse<String> without =
        admin.send(request("/api/test/ping").POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> with = admin.post("/api/test/ping", "{}");

    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(without.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(without.body())
        .contains("\"type\":\"https://darkroom.dev/problems/csrf\"")
        .contains("X-CSRF-TOKEN");
    assertThat(with.statusCode()).isEqualTo(200);
  }

  @Test
  void aFormPostedAfterTheSessionEndedGoesToTheLoginPage() {
    TestLogin.Session stale = anonymous();
    String tokenOfAnotherSession = TestLogin.signIn(base()).csrfToken();

    HttpResponse<String> post =
        stale.send(form("/test/action", "_csrf=" + encode(tokenOfAnotherSession)));

    assertThat(post.statusCode()).isEqualTo(302);
    assertThat(post.headers().firstValue("Location")).hasValue(base() + "/login");
  }

  @Test
  void logoutNeedsAPostWithTheCsrfTokenAndEndsTheSession() {
    TestLogin.Session admin = TestLogin.signIn(base());

    HttpResponse<String> logout = admin.send(form("/logout", "_csrf=" + encode(admin.csrfToken())));

    assertThat(logout.statusCode()).isEqualTo(302);
    assertThat(logout.headers().firstValue("Location")).hasValue(base() + "/login?logout");
    assertThat(admin.get("/test/page").statusCode()).isEqualTo(302);
  }

  @Test
  void theLoginPageStaticFilesHealthAndTheApiDescriptionArePublic() {
    TestLogin.Session anonymous = anonymous();

    assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/css/darkroom.css").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/js/darkroom.js").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/webjars/htmx.org/dist/htmx.min.js").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/v3/api-docs").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/account").statusCode()).isEqualTo(302);
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    for (HttpResponse<String> response :
        java.util.List.of(
            anonymous().get("/login"),
            TestLogin.signIn(base()).get("/test/page"),
            anonymous().get("/api/test/ping"))) {
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .hasValue(DarkroomSecurityProperties.DEFAULT_CSP);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }
    assertThat(DarkroomSecurityProperties.DEFAULT_CSP)
        .contains("frame-ancestors 'none'")
        .contains("script-src 'self';")
        .doesNotContain("unsafe-eval");
    assertThat(
            anonymous()
                .get("/swagger-ui/index.html")
                .headers()
                .firstValue("Content-Security-Policy"))
        .as("the API UI alone may inject <style> elements, still no inline script")
        .hasValue(SecurityConfiguration.API_UI_CSP);
    assertThat(SecurityConfiguration.API_UI_CSP)
        .contains("style-src-elem 'self' 'unsafe-inline'")
        .contains("script-src 'self';");
  }

  private TestLogin.Session anonymous() {
    return new TestLogin.Session(base());
  }

  private String base() {
    return "http://localhost:" + port;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path));
  }

  private HttpRequest.Builder form(String path, String body) {
    return request(path)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
