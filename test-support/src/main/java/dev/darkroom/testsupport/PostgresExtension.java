package dev.darkroom.testsupport;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension giving each test class its own clean database. Register it as a static field
 * with {@code @RegisterExtension}; the database exists from {@code beforeAll} on.
 */
public final class PostgresExtension implements BeforeAllCallback {

  private TestDatabase database;

  @Override
  public void beforeAll(ExtensionContext context) {
    database = TestDatabase.create(context.getRequiredTestClass().getSimpleName());
  }

  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException("PostgresExtension is used before beforeAll ran");
    }
    return database;
  }

  public DataSource dataSource() {
    return database().dataSource();
  }
}
