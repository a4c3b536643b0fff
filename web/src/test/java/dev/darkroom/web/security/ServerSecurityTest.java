package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.TestDatabase;
import dev.darkroom.web.DarkroomApplication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real server application (runs, Temporal, batch jobs and all) comes up secured: the admin
 * password printed at first start signs in, the dashboard asks for it, and an API token made over
 * REST with the admin's session works for the API and actuator.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerSecurityTest {

  @TempDir Path dataDir;

  @Test
  void theServerPrintsTheAdminPasswordAtFirstStartAndGuardsPagesAndApi(CapturedOutput output) {
    TestDatabase db = TestDatabase.create("ServerSecurityTest");
    try (ConfigurableApplicationContext server =
        SpringApplication.run(
            DarkroomApplication.class,
            "--server.port=0",
            "--spring.datasource.url=" + db.jdbcUrl(),
            "--spring.datasource.username=" + db.username(),
            "--spring.datasource.password=" + db.password(),
            "--darkroom.data-dir=" + dataDir,
            "--darkroom.temporal.ui=false")) {
      String base = "http://localhost:" + server.getEnvironment().getProperty("local.server.port");
      Matcher printed = Pattern.compile("password: (\\S+)").matcher(output.getOut());
      assertThat(printed.find()).as("the generated admin password is printed").isTrue();
      assertThat(output.getOut()).contains("Sign in at " + base + "/login");

      TestLogin.Session anonymous = new TestLogin.Session(base);
      assertThat(anonymous.get("/").headers().firstValue("Location")).hasValue(base + "/login");
      assertThat(anonymous.get("/api/tokens").statusCode()).isEqualTo(401);
      assertThat(anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
      HttpResponse<String> icon = anonymous.get("/favicon.ico");
      assertThat(icon.statusCode()).as("the dashboard's icon needs no sign-in").isEqualTo(200);
      assertThat(icon.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).contains("icon"));
      assertThat(anonymous.get("/favicon.svg").statusCode()).isEqualTo(200);

      TestLogin.Session admin = TestLogin.signIn(base, "admin", printed.group(1));
      HttpResponse<String> created =
          admin.post("/api/tokens", "{\"name\": \"monitoring\", \"role\": \"VIEWER\"}");
      assertThat(created.statusCode()).isEqualTo(201);
      String token = created.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");

      HttpResponse<String> scrape =
          anonymous.send(
              HttpRequest.newBuilder(URI.create(base + "/actuator/info"))
                  .header("Authorization", "Bearer " + token)
                  .GET());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Security-Policy")).isPresent();
    }
  }
}
