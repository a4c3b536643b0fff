package dev.darkroom.orchestrator.launcher.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.darkroom.orchestrator.launcher.process.ProcessLauncherProperties;
import dev.darkroom.orchestrator.launcher.process.WorkerProperties;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A mock Kubernetes cluster for Spring tests of the Kubernetes launcher: fabric8's mock API server
 * in CRUD mode and a {@link MockKubelet} that runs the Jobs' containers, started before the Spring
 * context so that the launcher's client ({@link #kubernetesClient}, primary) talks to it. One
 * cluster per JVM at a time: the test class starts it in a static field and closes it after all.
 */
@TestConfiguration(proxyBeanMethods = false)
public class MockCluster {

  public static final String NAMESPACE = "darkroom";

  private static volatile Cluster current;

  public record Cluster(KubernetesMockServer server, KubernetesClient client, MockKubelet kubelet)
      implements AutoCloseable {
    @Override
    public void close() {
      kubelet.close();
      client.close();
      try {
        server.destroy();
      } catch (IllegalStateException e) {
        // "Unable to close MockWebServer": the launcher's own client belongs to the cached Spring
        // context, which outlives the test class, and its watches may still hold connections the
        // server waits for. The server is a fixture of this JVM; nothing of the test is undone.
        if (!String.valueOf(e.getMessage()).contains("Unable to close MockWebServer")) {
          throw e;
        }
      }
    }
  }

  public static Cluster start(String name) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    KubernetesClient client = server.createClient();
    Path logs;
    try {
      logs = Files.createTempDirectory("darkroom-mock-kubelet-" + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    current = new Cluster(server, client, new MockKubelet(client, NAMESPACE, logs));
    return current;
  }

  /** The launcher's client: the mock cluster's. */
  @Bean
  @Primary
  KubernetesClient mockClusterClient() {
    return current.client();
  }

  /**
   * The launcher on, in the mock cluster's namespace, its worker command a java command line with
   * the test JVM's class path and {@code mainClass} (a worker main with the tests' pipelines).
   */
  public static void register(DynamicPropertyRegistry registry, Class<?> mainClass) {
    registry.add("darkroom.launcher.kubernetes.enabled", () -> "true");
    registry.add("darkroom.launcher.kubernetes.namespace", () -> NAMESPACE);
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            mainClass.getName());
    for (int i = 0; i < command.size(); i++) {
      String part = command.get(i);
      registry.add("darkroom.launcher.kubernetes.worker-command[" + i + "]", () -> part);
    }
    registry.add(
        "darkroom.launcher.kubernetes.java-options",
        () -> "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError");
    registry.add("darkroom.launcher.kubernetes.stop-grace", () -> "30s");
  }

  /**
   * What an operator puts into the ConfigMap and Secret the worker Jobs name: the server's worker
   * settings (the process launcher's forwarded properties) as {@code SPRING_APPLICATION_JSON}, the
   * database password in the Secret.
   */
  public static void publishWorkerConfiguration(
      KubernetesClient client, ConfigurableEnvironment environment, DataSource dataSource) {
    Map<String, String> worker =
        new TreeMap<>(
            WorkerProperties.of(
                environment,
                ProcessLauncherProperties.defaults().forwardedProperties(),
                dataSource instanceof HikariDataSource hikari ? hikari : null));
    String password = worker.remove("spring.datasource.password");
    KubernetesLauncherProperties defaults = KubernetesLauncherProperties.defaults();
    client
        .configMaps()
        .inNamespace(NAMESPACE)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(defaults.configMap())
                .withNamespace(NAMESPACE)
                .endMetadata()
                .addToData("SPRING_APPLICATION_JSON", json(worker))
                .build())
        .createOr(NonDeletingOperation::update);
    Map<String, String> secret = new HashMap<>();
    if (password != null) {
      secret.put(
          "SPRING_DATASOURCE_PASSWORD",
          Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    }
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(defaults.secret())
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withData(secret)
                .build())
        .createOr(NonDeletingOperation::update);
  }

  private static String json(Map<String, String> properties) {
    try {
      return new ObjectMapper().writeValueAsString(properties);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
