package dev.darkroom.cli.collections;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.UsageException;
import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.ApiException;
import dev.darkroom.cli.api.InvalidQueryException;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code darkroom collections list|show|create|delete}. */
@Command(
    name = "collections",
    description = "Named sets of assets a run can process: a saved query or a list of assets.",
    subcommands = {
      CollectionsCommand.List.class,
      CollectionsCommand.Show.class,
      CollectionsCommand.Create.class,
      CollectionsCommand.Delete.class
    })
public final class CollectionsCommand {

  static void show(Printer p, JsonNode c) {
    p.fields(
        "id", c.path("id"),
        "name", c.path("name"),
        "kind", c.path("kind"),
        "query", c.path("query"),
        "members", c.path("memberCount"),
        "description", c.path("description"),
        "created", c.path("createdAt"));
  }

  @Command(
      name = "list",
      description = "Collections, newest first.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom collections list")
  static final class List extends ApiCommand {
    @Option(names = "--limit", paramLabel = "N", description = "at most N (default 50, 0: all)")
    int limit = 50;

    List(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printList(
          api().items("/api/collections", limit),
          "id",
          new Table("ID>", "NAME", "KIND", "MEMBERS>", "QUERY~"),
          (table, c) ->
              table.row(
                  c.path("id").asString(),
                  c.path("name").asString(),
                  c.path("kind").asString(),
                  c.path("memberCount").asString(),
                  Printer.text(c.path("query"))));
    }
  }

  @Command(
      name = "show",
      description = "One collection with its member count.",
      footerHeading = "%nExample:%n",
      footer = {"  darkroom collections show 2019", "  darkroom collections show 12 -o json"})
  static final class Show extends ApiCommand {
    @Parameters(paramLabel = "COLLECTION", description = "id or name")
    String ref;

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printOne(CollectionRef.resolve(api(), ref), CollectionsCommand::show);
    }
  }

  @Command(
      name = "create",
      description = {
        "Create a collection: from a query (DYNAMIC, re-evaluated when a run is planned; --static"
            + " takes a snapshot of today's matches instead), or from asset ids.",
      },
      footerHeading = "%nExample:%n",
      footer = {
        "  darkroom collections create 2019 --query 'type:image taken:2019'",
        "  darkroom collections create picks --assets 3,5,8",
        "  darkroom assets search beach -q --limit 0 > ids.txt",
        "  darkroom collections create beach --from-file ids.txt"
      })
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "the collection's name (unique)")
    String name;

    @ArgGroup(multiplicity = "1")
    Members members;

    static final class Members {
      @Option(
          names = "--query",
          paramLabel = "Q",
          description = "a query of the collection language")
      String query;

      @Option(
          names = "--assets",
          paramLabel = "IDS",
          split = ",",
          description = "asset ids, comma-separated")
      java.util.List<Long> assets;

      @Option(
          names = "--from-file",
          paramLabel = "FILE",
          description = "a file of asset ids (whitespace or comma separated; - for stdin)")
      Path file;
    }

    @Option(names = "--static", description = "with --query: keep today's matches, not the query")
    boolean snapshot;

    @Option(names = "--description", paramLabel = "TEXT", description = "a note on what it is for")
    String description;

    Create(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() throws IOException {
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.put("name", name);
      if (description != null) {
        body.put("description", description);
      }
      if (members.query != null) {
        body.put("kind", snapshot ? "STATIC" : "DYNAMIC");
        body.put("query", members.query);
      } else {
        if (snapshot) {
          throw new UsageException(
              "--static goes with --query; asset ids always make a static collection");
        }
        java.util.List<Long> ids = members.assets != null ? members.assets : readIds(members.file);
        if (ids.isEmpty()) {
          throw new UsageException("no asset ids given");
        }
        ids.forEach(body.putArray("assetIds")::add);
      }
      JsonNode created;
      try {
        created = api().post("/api/collections", body);
      } catch (ApiException e) {
        throw members.query != null ? InvalidQueryException.of(e, members.query) : e;
      }
      return printOne(created, CollectionsCommand::show);
    }

    private java.util.List<Long> readIds(Path file) throws IOException {
      String text =
          file.toString().equals("-")
              ? new String(env.in().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              : Files.readString(file);
      java.util.List<Long> ids = new ArrayList<>();
      for (String token : text.split("[\\s,]+")) {
        if (token.isBlank()) {
          continue;
        }
        if (!token.matches("\\d+")) {
          throw new UsageException(file + ": '" + token + "' is not an asset id");
        }
        ids.add(Long.parseLong(token));
      }
      return ids;
    }
  }

  @Command(
      name = "delete",
      description = "Delete a collection (never its assets); refused while a run names it.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom collections delete picks")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "COLLECTION", description = "id or name")
    String ref;

    Delete(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return deleteNamed("collection", CollectionRef.resolve(api(), ref));
    }
  }
}
