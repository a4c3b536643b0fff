package dev.darkroom.cli.schedules;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.api.IdOrName;
import dev.darkroom.cli.collections.CollectionRef;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.Table;
import java.util.ArrayList;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code darkroom schedules list|show|create|pause|unpause|trigger|delete}. */
@Command(
    name = "schedules",
    description =
        "Schedules: a production run of a pipeline over a scope, fired by Temporal on a cron or"
            + " an interval.",
    subcommands = {
      SchedulesCommand.List.class,
      SchedulesCommand.Show.class,
      SchedulesCommand.Create.class,
      SchedulesCommand.Pause.class,
      SchedulesCommand.Unpause.class,
      SchedulesCommand.Trigger.class,
      SchedulesCommand.Delete.class
    })
public final class SchedulesCommand {

  static String timing(JsonNode s) {
    return s.path("cron").isString()
        ? "cron " + s.path("cron").asString() + " (" + s.path("timeZone").asString() + ")"
        : "every " + s.path("interval").asString();
  }

  static String scope(JsonNode s) {
    JsonNode scope = s.path("scope");
    if (scope.path("collectionId").isNumber()) {
      return "collection " + scope.path("collectionId").asString();
    }
    if (scope.path("query").isString()) {
      return "query " + scope.path("query").asString();
    }
    return "all assets";
  }

  static void show(Printer p, JsonNode s) {
    JsonNode temporal = s.path("temporal");
    java.util.List<String> next = new ArrayList<>();
    temporal.path("nextFirings").forEach(t -> next.add(Printer.time(t)));
    p.fields(
        "schedule", s.path("id").asString() + "  " + s.path("name").asString(),
        "state", s.path("paused").asBoolean() ? "paused" : "active",
        "pipeline", s.path("pipeline"),
        "scope", scope(s),
        "when", timing(s),
        "overlap", s.path("overlap"),
        "catch-up window", s.path("catchupWindow"),
        "force", s.path("force").asBoolean() ? "yes" : "no",
        "note", s.path("note"),
        "next firings", next.isEmpty() ? "-" : String.join(", ", next),
        "fired",
            temporal.isMissingNode() || temporal.isNull()
                ? "-"
                : temporal.path("firings").asString()
                    + " times, "
                    + temporal.path("skippedOverlap").asString()
                    + " skipped while a run was going",
        "problem", s.path("problem"));
    if (s.path("runs").size() > 0) {
      Table runs = new Table("RUN>", "STATUS", "CREATED", "DONE>", "FAILED>", "TOTAL>");
      s.path("runs")
          .forEach(
              r ->
                  runs.row(
                      r.path("id").asString(),
                      r.path("status").asString(),
                      Printer.time(r.path("createdAt")),
                      r.path("unitsDone").asString(),
                      r.path("unitsFailed").asString(),
                      r.path("unitsTotal").asString()));
      p.section(runs);
    }
  }

  /** A schedule named by its id or its name; an unknown one is the server's 404 (exit 3). */
  static JsonNode resolve(ApiClient api, String idOrName) {
    // The list's items lack the details (next firings, latest runs) that show prints.
    return IdOrName.resolve(
        api, "schedule", idOrName, s -> api.get("/api/schedules/" + s.path("id").asLong()));
  }

  @Command(
      name = "list",
      description = "Schedules by name.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom schedules list")
  static final class List extends ApiCommand {
    List(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printList(
          api().items("/api/schedules", 0),
          "id",
          new Table("ID>", "NAME", "PIPELINE", "WHEN", "STATE", "SCOPE~"),
          (table, s) ->
              table.row(
                  s.path("id").asString(),
                  s.path("name").asString(),
                  s.path("pipeline").asString(),
                  timing(s),
                  s.path("paused").asBoolean() ? "paused" : "active",
                  scope(s)));
    }
  }

  @Command(
      name = "show",
      description = "One schedule: its definition, next firings and its latest runs.",
      footerHeading = "%nExample:%n",
      footer = {"  darkroom schedules show nightly", "  darkroom schedules show 3 -o json"})
  static final class Show extends ApiCommand {
    @Parameters(paramLabel = "SCHEDULE", description = "id or name")
    String ref;

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printOne(resolve(api(), ref), SchedulesCommand::show);
    }
  }

  @Command(
      name = "create",
      description = {
        "Create a schedule: a production run of PIPELINE over a scope (a collection, a query, or"
            + " every asset), fired on a cron in a time zone or every interval."
      },
      footerHeading = "%nExample:%n",
      footer = {
        "  darkroom schedules create nightly images-basic --cron '0 2 * * *' --time-zone"
            + " Europe/Berlin",
        "  darkroom schedules create hourly-2019 images-basic --collection 2019 --every 1h"
      })
  static final class Create extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "the schedule's name (unique)")
    String name;

    @Parameters(index = "1", paramLabel = "PIPELINE", description = "e.g. images-basic")
    String pipeline;

    @ArgGroup(multiplicity = "1")
    Timing timing;

    static final class Timing {
      @Option(names = "--cron", paramLabel = "CRON", description = "five fields, e.g. '0 2 * * *'")
      String cron;

      @Option(names = "--every", paramLabel = "DURATION", description = "e.g. 6h, 30m (>= 5s)")
      String every;
    }

    @ArgGroup(exclusive = true)
    Scope scope;

    static final class Scope {
      @Option(names = "--collection", paramLabel = "COLLECTION", description = "id or name")
      String collection;

      @Option(names = "--query", paramLabel = "Q", description = "a query, e.g. type:image")
      String query;
    }

    @Option(
        names = "--time-zone",
        paramLabel = "ZONE",
        description = "IANA zone the cron is read in (default UTC)")
    String timeZone;

    @Option(
        names = "--overlap",
        paramLabel = "POLICY",
        description = "SKIP (default) or BUFFER_ONE: a firing while the last run still goes")
    String overlap;

    @Option(
        names = "--catchup-window",
        paramLabel = "DURATION",
        description = "how late a missed firing may start (default 1h)")
    String catchupWindow;

    @Option(names = "--thumbnail-size", paramLabel = "PX", description = "thumbnail maxSize")
    Integer thumbnailSize;

    @Option(names = "--force", description = "every unit, not only missing or stale ones")
    boolean force;

    @Option(names = "--paused", description = "create it paused")
    boolean paused;

    @Option(names = "--note", paramLabel = "TEXT", description = "a note for people")
    String note;

    Create(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.put("name", name);
      body.put("pipeline", pipeline);
      body.set(
          "scope",
          scope == null
              ? CollectionRef.scope(api(), null, null)
              : CollectionRef.scope(api(), scope.collection, scope.query));
      if (timing.cron != null) {
        body.put("cron", timing.cron);
      } else {
        body.put("interval", timing.every);
      }
      putIf(body, "timeZone", timeZone);
      putIf(body, "overlap", overlap);
      putIf(body, "catchupWindow", catchupWindow);
      putIf(body, "note", note);
      if (thumbnailSize != null) {
        body.put("thumbnailSize", thumbnailSize);
      }
      body.put("force", force);
      body.put("paused", paused);
      return printOne(api().post("/api/schedules", body), SchedulesCommand::show);
    }

    private static void putIf(ObjectNode body, String name, String value) {
      if (value != null) {
        body.put(name, value);
      }
    }
  }

  /** pause, unpause, trigger: a POST to the schedule's action, then its state. */
  abstract static class Action extends ApiCommand {
    @Parameters(paramLabel = "SCHEDULE", description = "id or name")
    String ref;

    /** The action is the subcommand's name. */
    @Spec CommandSpec spec;

    Action(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      long id = resolve(api(), ref).path("id").asLong();
      return printOne(
          api().post("/api/schedules/" + id + "/" + spec.name(), null), SchedulesCommand::show);
    }
  }

  @Command(
      name = "pause",
      description = "Hold the schedule's firings (a run already going goes on).",
      footerHeading = "%nExample:%n",
      footer = "  darkroom schedules pause nightly")
  static final class Pause extends Action {
    Pause(CliEnvironment env) {
      super(env);
    }
  }

  @Command(
      name = "unpause",
      description = "Let the schedule fire again at its next time.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom schedules unpause nightly")
  static final class Unpause extends Action {
    Unpause(CliEnvironment env) {
      super(env);
    }
  }

  @Command(
      name = "trigger",
      description =
          "Fire now, under the schedule's overlap policy (SKIP drops it while a run still goes).",
      footerHeading = "%nExample:%n",
      footer = "  darkroom schedules trigger nightly")
  static final class Trigger extends Action {
    Trigger(CliEnvironment env) {
      super(env);
    }
  }

  @Command(
      name = "delete",
      description = "Delete a schedule (its runs stay).",
      footerHeading = "%nExample:%n",
      footer = "  darkroom schedules delete nightly")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "SCHEDULE", description = "id or name")
    String ref;

    Delete(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return deleteNamed("schedule", resolve(api(), ref));
    }
  }
}
