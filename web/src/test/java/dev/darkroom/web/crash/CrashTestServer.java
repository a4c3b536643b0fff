package dev.darkroom.web.crash;

import dev.darkroom.batch.testing.PacedTool;
import dev.darkroom.batch.tools.metadata.ImageMetadataTool;
import dev.darkroom.core.tool.Pipeline;
import dev.darkroom.core.tool.PipelineRegistry;
import dev.darkroom.core.tool.ToolRegistry;
import dev.darkroom.web.DarkroomApplication;
import dev.darkroom.web.security.ApiTokenRole;
import dev.darkroom.web.security.ApiTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;

/**
 * The server application as a child JVM for crash tests: the real {@link DarkroomApplication} with
 * one more pipeline, {@code recorded} ({@code image-metadata} then a {@link PacedTool} that stores
 * a blob per image and records every call, {@code <pid> <asset id>}, to a file: an asset named by
 * two lines ran twice, a redone unit). Once ready it writes an operator API token to {@code
 * darkroom.test.token-file} and prints {@value #READY} with its base URL. System properties: {@code
 * darkroom.test.invocations} (the paced tool's calls file), {@code darkroom.test.pace-millis}.
 */
public final class CrashTestServer {

  static final String READY = "CRASH-TEST-SERVER-READY ";

  /** The paced tool's id and artifact kind, and the pipeline's id. */
  static final String RECORDED_TOOL = "recorded";

  static final Pipeline RECORDED =
      new Pipeline(RECORDED_TOOL, "1", List.of("image-metadata", RECORDED_TOOL));

  private CrashTestServer() {}

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(DarkroomApplication.class, Tools.class);
    // The server's component scan also sees the test classes; only this package's count here.
    app.addInitializers(
        context ->
            context
                .getBeanFactory()
                .registerSingleton("otherTestsExcluded", new OtherTestConfigurations()));
    app.addListeners(
        (ApplicationReadyEvent ready) -> {
          var context = ready.getApplicationContext();
          int port = ((WebServerApplicationContext) context).getWebServer().getPort();
          String token =
              context
                  .getBean(ApiTokens.class)
                  .create(
                      "crash test " + ProcessHandle.current().pid(),
                      ApiTokenRole.OPERATOR,
                      null,
                      null)
                  .secret();
          try {
            Files.writeString(Path.of(System.getProperty("darkroom.test.token-file")), token);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          System.out.println(READY + "http://127.0.0.1:" + port);
          System.out.flush();
        });
    app.run(args);
  }

  /**
   * The recorded pipeline beside the shipped ones. A source of the application above, never an
   * annotated configuration: the server's component scan would find it in every other test that
   * starts the application from the test class path.
   */
  static class Tools {

    @Bean
    @Primary
    ToolRegistry crashTestTools() {
      return ToolRegistry.of(
          new ImageMetadataTool(),
          PacedTool.named(RECORDED_TOOL)
              .pace(Long.getLong("darkroom.test.pace-millis", 300))
              .storingBlobs()
              .recordingCallsTo(Path.of(System.getProperty("darkroom.test.invocations"))));
    }

    @Bean
    @Primary
    PipelineRegistry crashTestPipelines() {
      return new PipelineRegistry(List.of(PipelineRegistry.IMAGES_BASIC, RECORDED));
    }
  }

  /** Leaves out configurations of other test classes that the server's component scan finds. */
  static final class OtherTestConfigurations extends TypeExcludeFilter {
    @Override
    public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
      String type = reader.getClassMetadata().getClassName();
      boolean testClass;
      try {
        testClass = reader.getResource().getURL().toString().contains("/test-classes/");
      } catch (IOException e) {
        testClass = false;
      }
      return testClass && !type.startsWith(CrashTestServer.class.getPackageName() + ".");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof OtherTestConfigurations;
    }

    @Override
    public int hashCode() {
      return OtherTestConfigurations.class.hashCode();
    }
  }
}
