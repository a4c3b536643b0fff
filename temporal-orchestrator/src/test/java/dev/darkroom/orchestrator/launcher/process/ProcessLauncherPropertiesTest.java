package dev.darkroom.orchestrator.launcher.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code darkroom.launcher.process.*} as Spring binds it from the server's settings. */
class ProcessLauncherPropertiesTest {

  private static ProcessLauncherProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("darkroom.launcher.process", ProcessLauncherProperties.class);
  }

  @Test
  void theBoundDefaultsAreTheDefaultsToolsBuildALauncherWith() {
    assertThat(bind(Map.of())).isEqualTo(ProcessLauncherProperties.defaults());
  }

  @Test
  void workerJvmsRunTheSerialCollectorAndTheC1CompilerOnlyByDefault() {
    // ADR 0028 and its addendum: measured against C2 and G1 on a shared 2-core box.
    assertThat(bind(Map.of()).jvmOptions())
        .containsExactly("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    assertThat(WorkerJvm.of(bind(Map.of())).command())
        .containsSubsequence(
            WorkerJvm.EXIT_ON_OUT_OF_MEMORY,
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp");
  }

  @Test
  void workerJvmOptionsAreReplacedWholeByTheSetting() {
    ProcessLauncherProperties properties =
        bind(Map.of("darkroom.launcher.process.jvm-options", "-Xmx1g,-XX:+UseG1GC"));

    assertThat(properties.jvmOptions()).isEqualTo(List.of("-Xmx1g", "-XX:+UseG1GC"));
  }

  @Test
  void noWorkersIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> bind(Map.of("darkroom.launcher.process.workers", "0")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("darkroom.launcher.process.workers must be 1 or more");
  }
}
