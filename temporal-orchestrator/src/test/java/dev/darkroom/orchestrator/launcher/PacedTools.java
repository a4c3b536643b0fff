package dev.darkroom.orchestrator.launcher;

import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.core.tool.ToolResult;
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

  /** A pipeline whose one tool allocates until its JVM's heap is exhausted. */
  public static final String HUNGRY_PIPELINE = "hungry";

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
            .recordingCallsTo(callsFile.isBlank() ? null : Path.of(callsFile)),
        new HungryTool());
  }

  @Bean
  @Primary
  PipelineRegistry pacedPipelineRegistry() {
    return new PipelineRegistry(
        List.of(
            PipelineRegistry.IMAGES_BASIC,
            new Pipeline(PIPELINE, "1", List.of("image-metadata", "paced")),
            new Pipeline(HUNGRY_PIPELINE, "1", List.of("hungry"))));
  }

  /**
   * Holds on to 8 MiB after 8 MiB until the heap is gone: what a tool with too little memory for
   * its input does. Run it only in a worker JVM.
   */
  static final class HungryTool implements Tool {

    /** Reachable, so nothing can be collected or optimised away. */
    static final List<byte[]> HOARD = new java.util.ArrayList<>();

    @Override
    public String id() {
      return "hungry";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public MediaTypeSet acceptedMediaTypes() {
      return MediaTypeSet.of("image/*");
    }

    @Override
    public ToolParameters resolveParameters(ToolParameters requested) {
      return requested;
    }

    @Override
    public ToolResult process(ToolInput input) {
      while (true) {
        HOARD.add(new byte[8 << 20]);
      }
    }
  }
}
