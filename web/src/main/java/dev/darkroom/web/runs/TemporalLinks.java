package dev.darkroom.web.runs;

import dev.darkroom.orchestrator.temporal.TemporalEndpoint;
import dev.darkroom.orchestrator.temporal.TemporalProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Links a run to its workflow in the Temporal Web UI: {@code darkroom.temporal.ui-url}, or the UI
 * of the dev server Darkroom started. No UI configured, no link.
 */
@Component
class TemporalLinks {

  private final @Nullable String uiUrl;
  private final String namespace;

  @Autowired
  TemporalLinks(
      ObjectProvider<TemporalEndpoint> endpoint, ObjectProvider<TemporalProperties> properties) {
    TemporalEndpoint temporal = endpoint.getIfAvailable();
    this.uiUrl = temporal == null ? null : temporal.uiUrl().orElse(null);
    TemporalProperties settings = properties.getIfAvailable();
    this.namespace = settings == null ? "default" : settings.namespace();
  }

  /** For a UI at a known address. */
  TemporalLinks(@Nullable String uiUrl, String namespace) {
    this.uiUrl = uiUrl;
    this.namespace = namespace;
  }

  /** The Temporal Web UI itself, when there is one. */
  Optional<String> ui() {
    return Optional.ofNullable(uiUrl);
  }

  /**
   * The page of a workflow, e.g. {@code
   * http://127.0.0.1:8233/namespaces/default/workflows/darkroom-3f2a9c1e7b4d-run-7}.
   */
  Optional<String> workflow(@Nullable String workflowId) {
    if (uiUrl == null || workflowId == null) {
      return Optional.empty();
    }
    return Optional.of(
        uiUrl
            + "/namespaces/"
            + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
            + "/workflows/"
            + URLEncoder.encode(workflowId, StandardCharsets.UTF_8));
  }
}
