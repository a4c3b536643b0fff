package dev.darkroom.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints a completion script generated from the command tree (picocli's AutoComplete). */
@Command(
    name = "completion",
    description = "Print a shell completion script for bash or zsh.",
    footerHeading = "%nExample:%n",
    footer = {
      "  source <(darkroom completion bash)        # in ~/.bashrc",
      "  source <(darkroom completion zsh)         # in ~/.zshrc"
    })
final class CompletionCommand implements Callable<Integer> {

  /** The shells the generated script supports. */
  enum Shell {
    bash,
    zsh
  }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh")
  Shell shell;

  @Spec CommandLine.Model.CommandSpec spec;

  private final CliEnvironment env;

  CompletionCommand(CliEnvironment env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = AutoComplete.bash("darkroom", root);
    if (shell == Shell.zsh) {
      // picocli's script serves zsh through bash completion emulation.
      script =
          "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"
              + script;
    }
    env.out().print(script);
    env.out().flush();
    return ExitCode.OK;
  }
}
