package dev.darkroom.core.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolOutputTest {

  @Test
  void storedOutputOpensItsContent() throws IOException {
    ToolOutput output = ToolOutput.stored("thumbnail", "image/jpeg", new byte[] {1, 2, 3});
    assertThat(output.isInline()).isFalse();
    assertThat(output.openContent().readAllBytes()).containsExactly(1, 2, 3);
  }

  @Test
  void inlineOutputIsJsonAndHasNoContentToOpen() {
    ToolOutput output = ToolOutput.inline("image-metadata", "{\"width\":1}");
    assertThat(output.isInline()).isTrue();
    assertThat(output.mediaType()).isEqualTo("application/json");
    assertThatThrownBy(output::openContent).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anOutputHasExactlyOneOfContentAndInlineValue() {
    assertThatThrownBy(() -> new ToolOutput("k", "application/json", new byte[0], "{}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ToolOutput("k", "application/json", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void successKeepsItsOwnCopyOfTheOutputs() {
    List<ToolOutput> outputs = new ArrayList<>(List.of(ToolOutput.inline("k", "1")));
    ToolResult.Success success = ToolResult.success(outputs);
    outputs.clear();
    assertThat(success.outputs()).hasSize(1);
    assertThat(ToolResult.failed("x").retryable()).isFalse();
    assertThat(ToolResult.failedTransiently("x").retryable()).isTrue();
  }
}
