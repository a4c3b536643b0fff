package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The generated completion script loads in a real bash and completes the command tree. */
class CompletionTest {

  @Test
  void theBashCompletionScriptLoadsAndCompletesSubcommands() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String darkroom =
        "'"
            + java
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + DarkroomCli.class.getName();
    String script =
        "set -e; source <("
            + darkroom
            + " completion bash); complete -p darkroom;"
            + " COMP_WORDS=(darkroom ru); COMP_CWORD=1; COMP_LINE='darkroom ru'; COMP_POINT=11;"
            + " _complete_darkroom; echo \"${COMPREPLY[@]}\"";
    Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(bash.exitValue()).as(output).isZero();
    assertThat(output).contains("-F _complete_darkroom darkroom").contains("runs");
  }
}
