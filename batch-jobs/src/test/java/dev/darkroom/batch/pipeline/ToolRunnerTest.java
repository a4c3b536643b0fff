package dev.darkroom.batch.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.core.tool.MediaTypeSet;
import dev.darkroom.core.tool.Tool;
import dev.darkroom.core.tool.ToolInput;
import dev.darkroom.core.tool.ToolOutput;
import dev.darkroom.core.tool.ToolParameters;
import dev.darkroom.core.tool.ToolResult;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ToolRunnerTest {

  final ToolRunner runner = new ToolRunner(3, Duration.ofMillis(1));
  final ToolInput input =
      new ToolInput(
          1, "image/jpeg", () -> new ByteArrayInputStream(new byte[1]), ToolParameters.empty());

  @Test
  void transientFailureIsRetriedUntilItSucceeds() {
    Tool tool =
        scripted(
            ToolResult.failedTransiently("read timed out"),
            ToolResult.failedTransiently("read timed out"),
            ToolResult.success(ToolOutput.inline("k", "{}")));

    ToolRunner.Attempt attempt = runner.run(tool, input);

    assertThat(attempt.result()).isInstanceOf(ToolResult.Success.class);
    assertThat(attempt.tries()).isEqualTo(3);
  }

  @Test
  void transientFailureFailsTheUnitAfterThreeTries() {
    Tool tool =
        scripted(
            ToolResult.failedTransiently("a"),
            ToolResult.failedTransiently("b"),
            ToolResult.failedTransiently("c"),
            ToolResult.success(List.of()));

    ToolRunner.Attempt attempt = runner.run(tool, input);

    assertThat(attempt.result()).isEqualTo(new ToolResult.Failed("c", true));
    assertThat(attempt.tries()).isEqualTo(3);
  }

  @Test
  void permanentFailureIsNotRetried() {
    ToolRunner.Attempt attempt = runner.run(scripted(ToolResult.failed("truncated")), input);

    assertThat(attempt.result()).isEqualTo(ToolResult.failed("truncated"));
    assertThat(attempt.tries()).isEqualTo(1);
  }

  @Test
  void anExceptionFromAToolFailsTheUnitWithItsMessage() {
    Tool tool =
        tool(
            () -> {
              throw new IllegalStateException("bug in tool");
            });

    ToolRunner.Attempt attempt = runner.run(tool, input);

    assertThat(((ToolResult.Failed) attempt.result()).reason())
        .isEqualTo(
            "tool scripted failed unexpectedly: java.lang.IllegalStateException: bug in tool");
  }

  private static Tool scripted(ToolResult... results) {
    Deque<ToolResult> queue = new ArrayDeque<>(List.of(results));
    return tool(queue::removeFirst);
  }

  private static Tool tool(Supplier<ToolResult> results) {
    return new Tool() {
      @Override
      public String id() {
        return "scripted";
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
        return results.get();
      }
    };
  }
}
