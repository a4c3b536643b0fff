package dev.darkroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/cli.md carries the command reference generated from the command tree; every command's help
 * shows an example. Regenerate the reference with {@code -Ddarkroom.cli.write-docs=true}.
 */
class CliReferenceTest {

  static final Path DOC = Path.of("..", "docs", "cli.md");

  @TempDir Path home;

  @Test
  void everyCommandsHelpHasAnExampleAndTheOutputOptions() {
    TestTerminal terminal = new TestTerminal(home);
    CommandLine root =
        DarkroomCli.commandLine(
            new CliEnvironment(
                java.util.Map.of(),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()),
                System.in,
                false,
                80,
                home));
    for (CommandLine command : CliReference.commands(root)) {
      String name = command.getCommandSpec().qualifiedName();
      String[] words = name.split(" ");
      String[] args = new String[words.length];
      System.arraycopy(words, 1, args, 0, words.length - 1);
      args[words.length - 1] = "--help";
      assertThat(terminal.run(args)).as(name + " --help").isZero();
      boolean leaf = command.getSubcommands().isEmpty() || name.equals("darkroom");
      if (leaf) {
        assertThat(terminal.out()).as(name + " --help").contains("Example:");
      }
      if (command.getSubcommands().isEmpty()
          && command.getCommandSpec().userObject() instanceof ApiCommand) {
        assertThat(terminal.out()).as(name).contains("--output").contains("--quiet");
      }
    }
  }

  @Test
  void docsCliMdHoldsTheReferenceGeneratedFromTheCommandTree() throws IOException {
    CommandLine root =
        DarkroomCli.commandLine(
            new CliEnvironment(
                java.util.Map.of(),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()),
                System.in,
                false,
                80,
                home));
    String generated = CliReference.markdown(root);
    String doc = Files.readString(DOC);
    int begin = doc.indexOf(CliReference.BEGIN);
    int end = doc.indexOf(CliReference.END);
    assertThat(begin).as("docs/cli.md has the generated-reference markers").isNotNegative();
    String current = doc.substring(begin + CliReference.BEGIN.length(), end).strip();
    if (Boolean.getBoolean("darkroom.cli.write-docs")) {
      Files.writeString(
          DOC,
          doc.substring(0, begin + CliReference.BEGIN.length())
              + "\n\n"
              + generated
              + doc.substring(end));
      return;
    }
    assertThat(current)
        .as("docs/cli.md is stale: run the cli tests with -Ddarkroom.cli.write-docs=true")
        .isEqualTo(generated.strip());
  }

  /** The {@code darkroom} script hands a command to this CLI only if its dispatch list names it. */
  @Test
  void theDarkroomScriptDispatchesEveryTopLevelCommandToTheCli() throws IOException {
    String script = java.nio.file.Files.readString(Path.of("..", "darkroom"));
    java.util.regex.Matcher dispatch =
        java.util.regex.Pattern.compile("(?m)^\\s+(scan\\|[a-z|-]+)\\)").matcher(script);
    org.assertj.core.api.Assertions.assertThat(dispatch.find())
        .as("the script's case line")
        .isTrue();
    java.util.List<String> dispatched = java.util.List.of(dispatch.group(1).split("\\|"));
    CommandLine root =
        DarkroomCli.commandLine(
            new CliEnvironment(
                java.util.Map.of(),
                new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter()),
                System.in,
                false,
                80,
                home));
    org.assertj.core.api.Assertions.assertThat(dispatched)
        .containsAll(root.getSubcommands().keySet());
  }
}
