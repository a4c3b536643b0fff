package dev.darkroom.cli.runs;

import dev.darkroom.cli.ApiCommand;
import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.ExitCode;
import dev.darkroom.cli.UsageException;
import dev.darkroom.cli.api.ApiClient;
import dev.darkroom.cli.collections.CollectionRef;
import dev.darkroom.cli.output.Printer;
import dev.darkroom.cli.output.Table;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code darkroom runs ...}: start, follow and steer runs, list and rerun failed units. */
@Command(
    name = "runs",
    description = "Runs: a pipeline over a collection, as a sandbox sample or in production.",
    subcommands = {
      RunsCommand.Start.class,
      RunsCommand.List.class,
      RunsCommand.Show.class,
      RunsCommand.Watch.class,
      RunsCommand.Cancel.class,
      RunsCommand.Pause.class,
      RunsCommand.Resume.class,
      RunsCommand.Failures.class,
      RunsCommand.RerunFailed.class
    })
public final class RunsCommand {

  static String counts(JsonNode run) {
    JsonNode c = run.path("counts");
    return c.path("total").asLong()
        + " units: "
        + c.path("done").asLong()
        + " done, "
        + c.path("failed").asLong()
        + " failed, "
        + c.path("skipped").asLong()
        + " skipped, "
        + c.path("pending").asLong()
        + " pending";
  }

  static void show(Printer p, JsonNode r) {
    JsonNode policy = r.path("policy");
    String sample =
        policy.path("sampleCount").isNumber()
            ? " sample " + policy.path("sampleCount").asString()
            : policy.path("sampleFraction").isNumber()
                ? " sample " + policy.path("sampleFraction").asString()
                : "";
    p.fields(
        "run", r.path("id").asString() + "  " + p.status(r.path("status").asString()),
        "pipeline", r.path("pipeline").asString() + "@" + r.path("pipelineVersion").asString(),
        "policy", policy.path("kind").asString() + sample,
        "scope", r.path("scope").path("summary"),
        "requested by", r.path("requestedBy"),
        "counts", counts(r),
        "left alone", leftAlone(r),
        "throughput", r.path("throughput").path("overall").asString() + " units/s",
        "eta", r.path("etaSeconds").isNumber() ? r.path("etaSeconds").asString() + " s" : "-",
        "started", r.path("startedAt"),
        "finished", r.path("finishedAt"),
        "error", r.path("error"),
        "temporal", r.path("temporalUrl"));
    if (r.path("partitions").size() > 0) {
      Table parts =
          new Table("PART>", "STATUS", "LAUNCHER", "DONE>", "FAILED>", "TOTAL>", "ERROR~");
      r.path("partitions")
          .forEach(
              x ->
                  parts.row(
                      x.path("partitionNo").asString(),
                      x.path("status").asString(),
                      Printer.text(x.path("launcher")),
                      x.path("counts").path("done").asString(),
                      x.path("counts").path("failed").asString(),
                      x.path("counts").path("total").asString(),
                      Printer.text(x.path("lastError"))));
      p.section(parts);
    }
  }

  /** Prints a started run, or follows it with {@code --watch}. */
  static int started(ApiCommand command, ApiClient api, Printer printer, long id, boolean watch)
      throws InterruptedException {
    if (watch) {
      return watched(api, printer, id);
    }
    JsonNode run = api.get("/api/runs/" + id);
    printer.one(
        run,
        "id",
        p ->
            p.line(
                "Run "
                    + id
                    + " started ("
                    + run.path("pipeline").asString()
                    + ", "
                    + run.path("policy").path("kind").asString()
                    + ", "
                    + run.path("scope").path("summary").asString()
                    + "); follow it with"
                    + " `darkroom runs watch "
                    + id
                    + "`"));
    return ExitCode.OK;
  }

  static int watched(ApiClient api, Printer printer, long id) throws InterruptedException {
    JsonNode run = new RunWatcher(api, printer).watch(id);
    printer.one(
        run,
        "id",
        p ->
            p.line(
                "Run "
                    + id
                    + " "
                    + p.status(run.path("status").asString())
                    + ": "
                    + counts(run)
                    + " ("
                    + run.path("durationSeconds").asString()
                    + " s)"
                    + (run.path("counts").path("failed").asLong() > 0
                        ? "; see `darkroom runs failures " + id + "`"
                        : "")));
    return RunWatcher.exitCode(run);
  }

  /** A production run's assets that were already current and not planned (docs/coverage.md). */
  static String leftAlone(JsonNode run) {
    if (!"PRODUCTION".equals(run.path("policy").path("kind").asString())) {
      return "-";
    }
    if (run.path("force").asBoolean()) {
      return "none: forced";
    }
    return run.path("unitsCurrent").asString() + " already current";
  }

  @Command(
      name = "start",
      description = {
        "Start PIPELINE over a collection, a query or every asset: a sandbox sample (the default:"
            + " 100 units) or a production run over all of them.",
        "With --watch it follows the run like `runs watch` and exits 0 only when it COMPLETED."
      },
      footerHeading = "%nExample:%n",
      footer = {
        "  darkroom runs start images-basic --query 'taken:2019' --sample 50 --watch",
        "  darkroom runs start images-basic --collection 2019 --production -q",
        "  darkroom runs start images-basic --all --production --force"
      })
  static final class Start extends ApiCommand {
    @Parameters(paramLabel = "PIPELINE", description = "a pipeline id (darkroom pipelines list)")
    String pipeline;

    @ArgGroup(multiplicity = "1")
    Scope scope;

    static final class Scope {
      @Option(names = "--collection", paramLabel = "C", description = "a collection's id or name")
      String collection;

      @Option(
          names = "--query",
          paramLabel = "Q",
          description = "an inline query, evaluated when the run is planned")
      String query;

      @Option(names = "--all", description = "every asset with a live location")
      boolean all;
    }

    @Option(names = "--sandbox", description = "a sample, artifacts that expire (the default)")
    boolean sandbox;

    @Option(names = "--production", description = "every unit of the scope, artifacts kept")
    boolean production;

    @Option(
        names = "--force",
        description =
            "production: reprocess every asset in scope, not only those missing, stale or failed")
    boolean force;

    @Option(
        names = "--sample",
        paramLabel = "N",
        description = "sandbox: at most N units (default 100)")
    Integer sample;

    @Option(
        names = "--seed",
        paramLabel = "S",
        description = "sandbox: picks the sample (default 42)")
    Long seed;

    @Option(
        names = "--launcher",
        paramLabel = "L",
        description = "in-process, process or kubernetes, where the server lets a run choose")
    String launcher;

    @Option(names = "--watch", description = "follow the run to its end")
    boolean watch;

    Start(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() throws InterruptedException {
      if (sandbox && production) {
        throw new UsageException("--sandbox and --production exclude each other");
      }
      if (force && !production) {
        throw new UsageException("--force is for production runs; a sandbox samples its scope");
      }
      if (production && sample != null) {
        throw new UsageException("--sample is for sandbox runs; a production run takes every unit");
      }
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.put("pipeline", pipeline);
      if (scope.query != null) {
        preview(scope.query);
      }
      body.set("scope", CollectionRef.scope(api(), scope.collection, scope.query));
      ObjectNode policy = body.putObject("policy");
      policy.put("kind", production ? "PRODUCTION" : "SANDBOX");
      if (!production) {
        policy.put("sampleCount", sample == null ? 100 : sample);
        if (seed != null) {
          policy.put("seed", seed);
        }
      }
      if (launcher != null) {
        body.put("launcher", launcher);
      }
      if (force) {
        body.put("force", true);
      }
      long id = api().post("/api/runs", body).path("id").asLong();
      if (launcher != null && !api().get("/api/runs/" + id).has("launcher")) {
        env.err()
            .println(
                "darkroom: warning: this server does not choose a launcher per run and ignored"
                    + " --launcher; its partitions run on its configured launcher"
                    + " (darkroom.launcher.*)");
      }
      return started(this, api(), printer(), id, watch);
    }
  }

  @Command(
      name = "list",
      description = "Runs, newest first.",
      footerHeading = "%nExample:%n",
      footer = {
        "  darkroom runs list --status RUNNING",
        "  darkroom runs list --pipeline images-basic -o json"
      })
  static final class List extends ApiCommand {
    @Option(names = "--status", paramLabel = "S", description = "only runs in this status")
    String status;

    @Option(names = "--pipeline", paramLabel = "P", description = "only runs of this pipeline")
    String pipeline;

    @Option(names = "--limit", paramLabel = "N", description = "at most N (default 20, 0: all)")
    int limit = 20;

    List(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printList(
          api().items("/api/runs" + ApiClient.query("status", status, "pipeline", pipeline), limit),
          "id",
          new Table(
              "ID>",
              "PIPELINE",
              "STATUS",
              "POLICY",
              "DONE>",
              "FAILED>",
              "TOTAL>",
              "CREATED",
              "SCOPE~"),
          (table, r) ->
              table.row(
                  r.path("id").asString(),
                  r.path("pipeline").asString(),
                  r.path("status").asString(),
                  r.path("policy").path("kind").asString(),
                  r.path("counts").path("done").asString(),
                  r.path("counts").path("failed").asString(),
                  r.path("counts").path("total").asString(),
                  Printer.time(r.path("createdAt")),
                  Printer.text(r.path("scope").path("summary"))));
    }
  }

  @Command(
      name = "show",
      description = "A run's status: counts, partitions, throughput, ETA.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom runs show 7 -o json")
  static final class Show extends ApiCommand {
    @Parameters(paramLabel = "RUN", description = "the run's id")
    long id;

    Show(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printOne(api().get("/api/runs/" + id), RunsCommand::show);
    }
  }

  @Command(
      name = "watch",
      description = {
        "Follow a run to its end with a progress bar, driven by the server's live events (polling"
            + " when they cannot be had); then print its final counts.",
        "Exit 0 when it COMPLETED, 1 when it ended with failed units, FAILED or was CANCELLED."
            + " Ctrl-C stops watching, never the run."
      },
      footerHeading = "%nExample:%n",
      footer = {"  darkroom runs watch 7", "  darkroom runs watch 7 -o json | jq .counts"})
  static final class Watch extends ApiCommand {
    @Parameters(paramLabel = "RUN", description = "the run's id")
    long id;

    Watch(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() throws InterruptedException {
      return watched(api(), printer(), id);
    }
  }

  /** cancel, pause and resume: one POST each, answered with the run's status. */
  abstract static class Steer extends ApiCommand {
    @Parameters(paramLabel = "RUN", description = "the run's id")
    long id;

    /** The action is the subcommand's name. */
    @Spec CommandSpec spec;

    Steer(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printOne(
          api().post("/api/runs/" + id + "/" + spec.name(), null),
          (p, run) ->
              p.line(
                  "Run "
                      + id
                      + ": "
                      + spec.name()
                      + " requested; it is "
                      + p.status(run.path("status").asString())
                      + " ("
                      + counts(run)
                      + ")"));
    }
  }

  @Command(
      name = "cancel",
      description =
          "Cancel a run: running partitions stop at a chunk boundary; results so far stay.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom runs cancel 7")
  static final class Cancel extends Steer {
    Cancel(CliEnvironment env) {
      super(env);
    }
  }

  @Command(
      name = "pause",
      description = "Pause a run: no new partition starts, running ones stop at a chunk boundary.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom runs pause 7")
  static final class Pause extends Steer {
    Pause(CliEnvironment env) {
      super(env);
    }
  }

  @Command(
      name = "resume",
      description = "Resume a paused run.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom runs resume 7")
  static final class Resume extends Steer {
    Resume(CliEnvironment env) {
      super(env);
    }
  }

  @Command(
      name = "failures",
      description = "A run's failed units with their reasons, asset ids and paths.",
      footerHeading = "%nExample:%n",
      footer = {
        "  darkroom runs failures 7",
        "  darkroom runs failures 7 -o json | jq -r '.[].path'"
      })
  static final class Failures extends ApiCommand {
    @Parameters(paramLabel = "RUN", description = "the run's id")
    long id;

    @Option(names = "--limit", paramLabel = "N", description = "at most N (default 50, 0: all)")
    int limit = 50;

    Failures(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() {
      return printList(
          api().items("/api/runs/" + id + "/failures", limit),
          "assetId",
          new Table("ASSET>", "PATH~", "ATTEMPTS>", "ERROR~"),
          (table, f) ->
              table.row(
                  Printer.text(f.path("assetId")),
                  Printer.text(f.path("path")),
                  f.path("attempts").asString(),
                  Printer.text(f.path("error"))));
    }
  }

  @Command(
      name = "rerun-failed",
      description = "Start a new run over exactly the failed units of an ended run.",
      footerHeading = "%nExample:%n",
      footer = "  darkroom runs rerun-failed 7 --watch")
  static final class RerunFailed extends ApiCommand {
    @Parameters(paramLabel = "RUN", description = "the ended run's id")
    long id;

    @Option(names = "--watch", description = "follow the new run to its end")
    boolean watch;

    RerunFailed(CliEnvironment env) {
      super(env);
    }

    @Override
    protected int execute() throws InterruptedException {
      long rerun = api().post("/api/runs/" + id + "/rerun-failed", null).path("id").asLong();
      return started(this, api(), printer(), rerun, watch);
    }
  }
}
