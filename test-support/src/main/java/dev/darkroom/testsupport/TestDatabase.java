package dev.darkroom.testsupport;

import javax.sql.DataSource;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh, fully migrated PostgreSQL database for one test class, on the embedded server shared by
 * the whole test JVM.
 *
 * <p>Plain JUnit: {@code @RegisterExtension static PostgresExtension db = new
 * PostgresExtension();}. Spring tests: {@code @DynamicPropertySource static void
 * db(DynamicPropertyRegistry r) { TestDatabase.create("MyTest").registerWith(r); }}.
 */
public final class TestDatabase {

  private final String name;
  private final DataSource dataSource;
  private final String jdbcUrl;

  private TestDatabase(String name) {
    EmbeddedPostgresServer server = EmbeddedPostgresServer.get();
    this.name = name;
    this.dataSource = server.dataSource(name);
    this.jdbcUrl = server.jdbcUrl(name);
  }

  /** Creates a new database from the migrated template; {@code hint} appears in its name. */
  public static TestDatabase create(String hint) {
    return new TestDatabase(EmbeddedPostgresServer.get().newDatabase(hint));
  }

  public String name() {
    return name;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String username() {
    return "postgres";
  }

  public String password() {
    return "postgres";
  }

  /** Points a Spring test context's {@code spring.datasource.*} at this database. */
  public TestDatabase registerWith(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", this::jdbcUrl);
    registry.add("spring.datasource.username", this::username);
    registry.add("spring.datasource.password", this::password);
    return this;
  }
}
