package dev.darkroom.orchestrator.launcher.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Kubernetes object under {@code k8s/}, as written and as {@code kubectl kustomize} renders
 * each overlay, parses into fabric8's typed model with no field the model does not know (a typo
 * such as {@code readinesProbe} would otherwise be dropped silently by the API server's lenient
 * decoding of some clients, or rejected only at apply time).
 */
class KubernetesManifestsTest {

  static final Path K8S = Path.of("../k8s");

  /** Custom resources of the Prometheus Operator: no typed model in the client, so generic. */
  static final Set<String> CUSTOM_KINDS = Set.of("ServiceMonitor", "PrometheusRule");

  /** Kustomize's own files and Prometheus rule files are not Kubernetes objects. */
  static final Set<String> NOT_OBJECTS = Set.of("Kustomization", "Component");

  final KubernetesSerialization serialization = new KubernetesSerialization();

  @Test
  void everyObjectWrittenUnderK8sParsesIntoTheTypedModelWithNoUnknownField() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(K8S)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    }
    int objects = 0;
    for (Path file : files) {
      for (String document : documents(Files.readString(file))) {
        if (isKubernetesObject(document)) {
          check(file.toString(), document);
          objects++;
        }
      }
    }
    assertThat(objects).as("objects under k8s/").isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/homelab", "overlays/external", "base", "monitoring"})
  void everyKustomizationRendersAndEveryRenderedObjectParses(String kustomization)
      throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : documents(kustomize(kustomization))) {
      objects.add(check(kustomization, document));
    }

    assertThat(objects).isNotEmpty();
    for (HasMetadata object : objects) {
      if (object instanceof Namespaced) {
        assertThat(object.getMetadata().getNamespace())
            .as(object.getKind() + " " + object.getMetadata().getName())
            .isEqualTo("darkroom");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/homelab", "overlays/external"})
  void eachOverlayDeploysTheWholeStack(String overlay) throws Exception {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : documents(kustomize(overlay))) {
      objects.add(check(overlay, document));
    }

    List<String> names =
        objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    assertThat(names)
        .contains(
            "Deployment/darkroom-server",
            "Service/darkroom-server",
            "Deployment/temporal",
            "Deployment/temporal-ui",
            "StatefulSet/nats",
            "Role/darkroom-job-launcher",
            "PersistentVolume/darkroom-archive",
            "PersistentVolumeClaim/darkroom-archive",
            "Secret/darkroom-secrets",
            "ConfigMap/darkroom-config",
            "ConfigMap/darkroom-worker-job-template",
            "NetworkPolicy/default-deny-ingress");
    if (overlay.endsWith("homelab")) {
      assertThat(names).contains("StatefulSet/postgres", "StatefulSet/minio");
    } else {
      assertThat(names).doesNotContain("StatefulSet/postgres", "StatefulSet/minio");
    }
    Role role = find(objects, Role.class, "darkroom-job-launcher");
    assertThat(role.getRules())
        .extracting(PolicyRule::getResources, PolicyRule::getVerbs)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                List.of("jobs"), List.of("create", "get", "list", "watch", "delete")),
            org.assertj.core.groups.Tuple.tuple(List.of("pods"), List.of("get", "list", "watch")),
            org.assertj.core.groups.Tuple.tuple(List.of("pods/log"), List.of("get")));
    Deployment server = find(objects, Deployment.class, "darkroom-server");
    var container = server.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/readiness");
    assertThat(container.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/liveness");
    ConfigMap template = find(objects, ConfigMap.class, "darkroom-worker-job-template");
    assertThat(template.getData().get("worker-job.yaml"))
        .isEqualTo(Files.readString(K8S.resolve("base/worker/worker-job.yaml")));
    ConfigMap config = find(objects, ConfigMap.class, "darkroom-config");
    assertThat(config.getData())
        .containsEntry("DARKROOM_LAUNCHER_KUBERNETES_ENABLED", "true")
        .containsEntry("DARKROOM_ARCHIVE_ROOTS", "/archive/photos");
  }

  @Test
  void theResourceProfilesTheServerMountsBindToTheLaunchersProperties() throws Exception {
    var sources =
        new org.springframework.boot.env.YamlPropertySourceLoader()
            .load(
                "launcher.yaml",
                new org.springframework.core.io.FileSystemResource(
                    K8S.resolve("base/launcher.yaml")));
    var binder =
        new org.springframework.boot.context.properties.bind.Binder(
            org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(
                sources));

    KubernetesLauncherProperties properties =
        binder.bind("darkroom.launcher.kubernetes", KubernetesLauncherProperties.class).get();

    assertThat(properties.profileFor("images-basic"))
        .isEqualTo(new ResourceProfile("1", "1Gi", 0, Map.of(), List.of()));
    assertThat(properties.profileFor("no-such-pipeline")).isEqualTo(properties.defaultProfile());
    assertThat(properties.image()).isEqualTo(KubernetesLauncherProperties.defaults().image());
  }

  // --- parsing ---

  private HasMetadata check(String where, String document) {
    KubernetesResource parsed;
    try {
      parsed = serialization.unmarshal(document);
    } catch (RuntimeException e) {
      throw new AssertionError(where + ": does not parse: " + e.getMessage() + "\n" + document, e);
    }
    assertThat(parsed).as(where).isInstanceOf(HasMetadata.class);
    HasMetadata object = (HasMetadata) parsed;
    String what = where + ": " + object.getKind() + " " + object.getMetadata().getName();
    if (parsed instanceof GenericKubernetesResource) {
      assertThat(CUSTOM_KINDS).as(what + " has no typed model").contains(object.getKind());
      return object;
    }
    List<String> unknown = new ArrayList<>();
    unknownFields(parsed, object.getKind(), unknown);
    assertThat(unknown).as(what + ": fields the model does not know").isEmpty();
    return object;
  }

  /**
   * Collects every non-empty {@code additionalProperties} (fabric8's bucket for unknown fields).
   */
  private static void unknownFields(Object value, String path, List<String> unknown) {
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknownFields(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
      return;
    }
    if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object field;
      try {
        field = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + ": " + extra.keySet());
        }
        continue;
      }
      unknownFields(field, path + "." + getter.getName().substring(3), unknown);
    }
  }

  private static boolean isKubernetesObject(String document) {
    return document.lines().anyMatch(l -> l.startsWith("apiVersion:"))
        && document.lines().anyMatch(l -> l.startsWith("kind:"))
        && NOT_OBJECTS.stream()
            .noneMatch(k -> document.lines().anyMatch(l -> l.equals("kind: " + k)));
  }

  private static List<String> documents(String yaml) {
    List<String> documents = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
        documents.add(document);
      }
    }
    return documents;
  }

  private static <T extends HasMetadata> T find(
      List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  /** {@code kubectl kustomize k8s/<dir>}; skipped where kubectl is missing. */
  private static String kustomize(String dir) throws Exception {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on PATH: rendering not checked");
    Process process =
        new ProcessBuilder("kubectl", "kustomize", K8S.resolve(dir).toString())
            .redirectErrorStream(false)
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("kubectl kustomize " + dir + " did not finish");
    }
    assertThat(process.exitValue()).as("kubectl kustomize " + dir + ": " + err).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(java.io.File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
  }
}
