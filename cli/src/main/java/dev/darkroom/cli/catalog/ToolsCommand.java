package dev.darkroom.cli.catalog;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.output.Table;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code darkroom tools list}. */
@Command(
    name = "tools",
    description = "The tools pipelines are made of.",
    subcommands = ToolsCommand.List.class)
public final class ToolsCommand {

  @Command(
      name = "list",
      description =
          "List tools with their version, accepted media types and default parameters"
              + " (GET /api/tools).",
      footerHeading = "%nExample:%n",
      footer = "  darkroom tools list")
  static final class List extends ApiCommand {
    List(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printList(
          api().get("/api/tools").valueStream().toList(),
          "id",
          new Table("ID", "VERSION", "MEDIA TYPES~", "DEFAULTS~"),
          (table, t) ->
              table.row(
                  t.path("id").asString(),
                  t.path("version").asString(),
                  t.path("acceptedMediaTypes")
                      .valueStream()
                      .map(JsonNode::asString)
                      .collect(Collectors.joining(",")),
                  t.path("defaults").toString()));
    }
  }
}
