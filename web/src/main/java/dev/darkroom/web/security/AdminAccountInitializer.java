package dev.darkroom.web.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs {@link AdminAccount#ensure()} when the server is up and prints a generated password with the
 * login URL. It waits for the server so that a start that fails half-way never generates a password
 * nobody saw; the password is logged at WARN so that it shows whatever the log level.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AdminAccountInitializer implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(AdminAccountInitializer.class);
  private static final String RULE = "=".repeat(78);

  private final AdminAccount admin;
  private final DarkroomSecurityProperties properties;

  AdminAccountInitializer(AdminAccount admin, DarkroomSecurityProperties properties) {
    this.admin = admin;
    this.properties = properties;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    admin
        .ensure()
        .ifPresent(
            password ->
                log.warn(
                    "\n{}\n"
                        + "  Darkroom admin account created.\n"
                        + "    user:     {}\n"
                        + "    password: {}\n"
                        + "  Sign in at {}\n"
                        + "  This password is shown only now; Darkroom stores only its hash.\n"
                        + "  To choose your own, set DARKROOM_ADMIN_PASSWORD and restart.\n"
                        + "{}",
                    RULE,
                    properties.adminUser(),
                    password,
                    loginUrl(event.getApplicationContext().getEnvironment()),
                    RULE));
  }

  private static String loginUrl(Environment environment) {
    String port = environment.getProperty("local.server.port");
    String contextPath = environment.getProperty("server.servlet.context-path", "");
    return port == null
        ? contextPath + "/login"
        : "http://localhost:" + port + contextPath + "/login";
  }
}
