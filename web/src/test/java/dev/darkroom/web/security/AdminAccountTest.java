package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.testsupport.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The admin account across real server starts on one PostgreSQL database: generated and printed
 * once, kept across restarts, replaced by a configured password. Every password is proven by
 * signing in through the login form over HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminAccountTest {

  private static final Pattern PRINTED = Pattern.compile("password: (\\S+)");
  private static final String BANNER = "Darkroom admin account created";

  @TempDir Path dataDir;
  private TestDatabase db;

  @BeforeEach
  void freshDatabase() {
    db = TestDatabase.create("AdminAccountTest");
  }

  @Test
  void firstStartGeneratesAndPrintsThePasswordOnceAndItKeepsWorkingAfterARestart(
      CapturedOutput output) {
    String password;
    try (ConfigurableApplicationContext first = start()) {
      String printed = output.getOut();
      assertThat(occurrences(printed, BANNER)).isEqualTo(1);
      assertThat(printed).containsPattern("Sign in at http://localhost:\\d+/login");
      password = printedPassword(printed);
      assertThat(password).hasSizeGreaterThanOrEqualTo(24);
      TestLogin.signIn(baseUrl(first), "admin", password);
      String hash = storedHash(first);
      assertThat(hash).startsWith("{bcrypt}").doesNotContain(password);
    }
    int before = output.getOut().length();

    try (ConfigurableApplicationContext second = start()) {
      assertThat(output.getOut().substring(before)).doesNotContain(BANNER).doesNotContain(password);
      TestLogin.signIn(baseUrl(second), "admin", password);
      assertThatThrownBy(() -> TestLogin.signIn(baseUrl(second), "admin", password + "x"))
          .hasMessageContaining("refused");
    }
  }

  @Test
  void aConfiguredPasswordWinsOverTheStoredOneAndIsRehashedWhenItChanges(CapturedOutput output) {
    String generated;
    try (ConfigurableApplicationContext first = start()) {
      generated = printedPassword(output.getOut());
    }

    try (ConfigurableApplicationContext configured =
        start("--darkroom.security.admin-password=first-configured")) {
      TestLogin.signIn(baseUrl(configured), "admin", "first-configured");
      assertThatThrownBy(() -> TestLogin.signIn(baseUrl(configured), "admin", generated))
          .hasMessageContaining("refused");
      assertThat(source(configured)).isEqualTo("CONFIGURED");
    }
    String firstHash;
    try (ConfigurableApplicationContext same =
        start("--darkroom.security.admin-password=first-configured")) {
      firstHash = storedHash(same);
    }
    try (ConfigurableApplicationContext sameAgain =
        start("--darkroom.security.admin-password=first-configured")) {
      assertThat(storedHash(sameAgain)).as("unchanged password, hash kept").isEqualTo(firstHash);
    }

    try (ConfigurableApplicationContext changed =
        start("--darkroom.security.admin-password=second-configured")) {
      assertThat(storedHash(changed)).isNotEqualTo(firstHash);
      TestLogin.signIn(baseUrl(changed), "admin", "second-configured");
      assertThatThrownBy(() -> TestLogin.signIn(baseUrl(changed), "admin", "first-configured"))
          .hasMessageContaining("refused");
    }
    assertThat(occurrences(output.getOut(), BANNER)).isEqualTo(1);
  }

  @Test
  void aConfiguredPasswordOnAnEmptyDatabaseCreatesTheAccountWithoutPrintingAnything(
      CapturedOutput output) {
    try (ConfigurableApplicationContext app =
        start("--darkroom.security.admin-password=from-config")) {
      TestLogin.signIn(baseUrl(app), "admin", "from-config");
    }
    assertThat(output.getOut()).doesNotContain(BANNER).doesNotContain("from-config");
  }

  @Test
  void aChangedAdminUserNameRenamesTheAccountAndKeepsItsPassword() {
    try (ConfigurableApplicationContext app =
        start("--darkroom.security.admin-password=kept-password")) {
      TestLogin.signIn(baseUrl(app), "admin", "kept-password");
    }

    try (ConfigurableApplicationContext renamed =
        start(
            "--darkroom.security.admin-password=kept-password",
            "--darkroom.security.admin-user=photographer")) {
      TestLogin.signIn(baseUrl(renamed), "photographer", "kept-password");
      assertThatThrownBy(() -> TestLogin.signIn(baseUrl(renamed), "admin", "kept-password"))
          .as("the old name is gone, not a second account")
          .hasMessageContaining("refused");
    }
  }

  private ConfigurableApplicationContext start(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--darkroom.data-dir=" + dataDir));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(SecurityTestApplication.class)
        .run(args.toArray(String[]::new));
  }

  private static String baseUrl(ConfigurableApplicationContext context) {
    return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
  }

  private static String storedHash(ConfigurableApplicationContext context) {
    return context
        .getBean(JdbcClient.class)
        .sql("SELECT password_hash FROM app_user WHERE role = 'ADMIN'")
        .query(String.class)
        .single();
  }

  private static String source(ConfigurableApplicationContext context) {
    return context
        .getBean(JdbcClient.class)
        .sql("SELECT password_source FROM app_user WHERE role = 'ADMIN'")
        .query(String.class)
        .single();
  }

  private static String printedPassword(String output) {
    Matcher m = PRINTED.matcher(output);
    assertThat(m.find()).as("a printed password in:%n%s", output).isTrue();
    return m.group(1);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
