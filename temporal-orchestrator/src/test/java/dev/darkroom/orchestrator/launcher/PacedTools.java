package dev.darkroom.orchestrator.launcher;

import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The {@value #PIPELINE} pipeline for launcher tests, in the server's JVM and in worker JVMs alike
 * ({@link PacedWorkerMain}): image metadata plus a tool that takes {@code
 * darkroom.runs.test.pace-millis} per image, stores a small blob, and records each call to {@code
 * darkroom.runs.test.calls-file} ({@link PacedTool#recordedCalls}), so a test counts redone units
 * across JVMs. (The properties sit under {@code darkroom.runs.} because the process launcher
 * forwards that prefix to its workers.)
 */
@Configuration(proxyBeanMethods = false)
public class PacedTools {

  public static final String PIPELINE = "paced";

  @Bean
  @Primary
  ToolRegistry pacedToolRegistry(
      @Value("${darkroom.runs.test.pace-millis:200}") long paceMillis,
      @Value("${darkroom.runs.test.calls-file:}") String callsFile) {
    return ToolRegistry.of(
        new ImageMetadataTool(),
        PacedTool.named("paced")
            .pace(paceMillis)
            .storingBlobs()
            .recordingCallsTo(callsFile.isBlank() ? null : Path.of(callsFile)));
  }

  @Bean
  @Primary
  PipelineRegistry pacedPipelineRegistry() {
    return new PipelineRegistry(
        List.of(
            PipelineRegistry.IMAGES_BASIC,
            new Pipeline(PIPELINE, "1", List.of("image-metadata", "paced"))));
  }
}
