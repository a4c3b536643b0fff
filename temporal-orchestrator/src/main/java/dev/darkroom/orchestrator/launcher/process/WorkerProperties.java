package dev.darkroom.orchestrator.launcher.process;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * The Spring properties a worker JVM needs to reach what the server reaches: the datasource the
 * server actually uses (also the embedded PostgreSQL's, whose URL is only known once it runs), and
 * the server's properties under the forwarded prefixes (archive roots, artifact store, NATS, run
 * settings), resolved, with the data directory made absolute.
 */
public final class WorkerProperties {

  private WorkerProperties() {}

  public static Map<String, String> of(
      ConfigurableEnvironment environment,
      List<String> forwardedPrefixes,
      @Nullable HikariDataSource dataSource) {
    Map<String, String> properties = new TreeMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> enumerable) {
        for (String name : enumerable.getPropertyNames()) {
          if (forwarded(name, forwardedPrefixes) && !properties.containsKey(name)) {
            String value = environment.getProperty(name);
            if (value != null) {
              properties.put(name, value);
            }
          }
        }
      }
    }
    String dataDir = properties.get("darkroom.data-dir");
    if (dataDir != null) {
      properties.put("darkroom.data-dir", Path.of(dataDir).toAbsolutePath().toString());
    }
    if (dataSource != null && dataSource.getJdbcUrl() != null) {
      properties.put("spring.datasource.url", dataSource.getJdbcUrl());
      putIfPresent(properties, "spring.datasource.username", dataSource.getUsername());
      putIfPresent(properties, "spring.datasource.password", dataSource.getPassword());
    } else {
      for (String name :
          List.of(
              "spring.datasource.url",
              "spring.datasource.username",
              "spring.datasource.password")) {
        putIfPresent(properties, name, environment.getProperty(name));
      }
    }
    return properties;
  }

  private static boolean forwarded(String name, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (name.equals(prefix) || (prefix.endsWith(".") && name.startsWith(prefix))) {
        return true;
      }
    }
    return false;
  }

  private static void putIfPresent(
      Map<String, String> properties, String name, @Nullable String value) {
    if (value != null && !value.isBlank()) {
      properties.put(name, value);
    }
  }
}
