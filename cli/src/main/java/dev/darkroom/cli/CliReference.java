package dev.darkroom.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The command reference of docs/cli.md, generated from the command tree: every command's usage as
 * {@code --help} prints it at a fixed width. {@code CliReferenceTest} fails when the file differs.
 */
public final class CliReference {

  public static final String BEGIN =
      "<!-- BEGIN GENERATED COMMAND REFERENCE (CliReferenceTest) -->";
  public static final String END = "<!-- END GENERATED COMMAND REFERENCE -->";
  static final int WIDTH = 100;

  private CliReference() {}

  /** Markdown: one section per command, depth first, in the tree's order. */
  public static String markdown(CommandLine root) {
    StringBuilder out = new StringBuilder();
    for (CommandLine command : commands(root)) {
      out.append("### `").append(command.getCommandSpec().qualifiedName()).append("`\n\n```text\n");
      command.setUsageHelpWidth(WIDTH);
      command.setUsageHelpAutoWidth(false);
      out.append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
          .append("\n```\n\n");
    }
    return out.toString();
  }

  /** Every command of the tree, the root first, leaving out {@code help}. */
  public static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>();
    collect(root, all);
    return all;
  }

  private static void collect(CommandLine command, List<CommandLine> all) {
    if (command.getCommandSpec().userObject() instanceof CommandLine.HelpCommand) {
      return;
    }
    all.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
  }
}
