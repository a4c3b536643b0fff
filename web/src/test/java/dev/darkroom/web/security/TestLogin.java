package dev.darkroom.web.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Signs tests in the way a person does, through the real login form, for tests that start the whole
 * server: give it the admin password with {@link #PASSWORD_PROPERTY} (e.g. in
 * {@code @SpringBootTest(properties = TestLogin.PASSWORD_PROPERTY)}), then
 *
 * <ul>
 *   <li>a browser: {@code TestLogin.signIn(driver, "http://localhost:" + port)};
 *   <li>plain HTTP: {@code TestLogin.Session s = TestLogin.signIn("http://localhost:" + port)},
 *       then {@code s.get("/runs")}, {@code s.post("/api/runs", json)} (the session's CSRF token
 *       goes along as the {@code X-CSRF-TOKEN} header, as htmx sends it).
 * </ul>
 *
 * For API tokens, create one with the {@link ApiTokens} bean and send {@code Authorization:
 * Bearer}.
 */
public final class TestLogin {

  public static final String ADMIN = "admin";
  public static final String PASSWORD = "test-admin";

  /** The Spring property that sets the admin password to {@link #PASSWORD}. */
  public static final String PASSWORD_PROPERTY = "darkroom.security.admin-password=" + PASSWORD;

  private static final Pattern CSRF_META = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"");
  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  // Generous: at load 15+ springdoc takes over 20 s to build /v3/api-docs the first time.
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private TestLogin() {}

  /** Signs a browser in as the admin with {@link #PASSWORD}; returns on the page after login. */
  public static void signIn(WebDriver driver, String baseUrl) {
    signIn(driver, baseUrl, ADMIN, PASSWORD);
  }

  public static void signIn(WebDriver driver, String baseUrl, String user, String password) {
    driver.get(baseUrl + "/login");
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    new WebDriverWait(driver, TIMEOUT).until(d -> !d.getCurrentUrl().contains("/login"));
  }

  /** An HTTP client signed in as the admin with {@link #PASSWORD}. */
  public static Session signIn(String baseUrl) {
    return signIn(baseUrl, ADMIN, PASSWORD);
  }

  /**
   * An HTTP client signed in through the login form.
   *
   * @throws IllegalStateException when the login is refused
   */
  public static Session signIn(String baseUrl, String user, String password) {
    Session session = new Session(baseUrl);
    HttpResponse<String> form = session.get("/login");
    HttpResponse<String> login =
        session.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username="
                            + encode(user)
                            + "&password="
                            + encode(password)
                            + "&_csrf="
                            + encode(find(CSRF_FIELD, form.body())))));
    String location = login.headers().firstValue("Location").orElse("");
    if (login.statusCode() != 302 || location.contains("/login")) {
      throw new IllegalStateException(
          "login as '" + user + "' refused: " + login.statusCode() + " -> " + location);
    }
    return session;
  }

  /** An HTTP client with its own cookies (so its own session), not following redirects. */
  public static final class Session {

    private final String baseUrl;
    private final HttpClient client;

    public Session(String baseUrl) {
      this.baseUrl = baseUrl;
      this.client =
          HttpClient.newBuilder()
              .cookieHandler(new CookieManager())
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(TIMEOUT)
              .build();
    }

    public HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A POST of JSON with the session's CSRF token in the {@code X-CSRF-TOKEN} header. */
    public HttpResponse<String> post(String path, String json) {
      return send(
          HttpRequest.newBuilder(URI.create(baseUrl + path))
              .header("Content-Type", "application/json")
              .header("X-CSRF-TOKEN", csrfToken())
              .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** The CSRF token a page of this session carries in its {@code _csrf} meta tag. */
    public String csrfToken() {
      return find(CSRF_META, get("/login").body());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static String find(Pattern pattern, String html) {
    Matcher m = pattern.matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token (" + pattern + ") in the page: " + html);
    }
    return m.group(1);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
