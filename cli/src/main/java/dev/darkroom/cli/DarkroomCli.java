package dev.darkroom.cli;

import dev.darkroom.cli.api.ApiException;
import dev.darkroom.cli.api.InvalidQueryException;
import dev.darkroom.cli.api.ServerUnreachableException;
import dev.darkroom.cli.assets.AssetsCommand;
import dev.darkroom.cli.catalog.PipelinesCommand;
import dev.darkroom.cli.catalog.ToolsCommand;
import dev.darkroom.cli.collections.CollectionsCommand;
import dev.darkroom.cli.config.ConfigCommand;
import dev.darkroom.cli.config.LoginCommand;
import dev.darkroom.cli.coverage.CoverageCommand;
import dev.darkroom.cli.export.ExportCommand;
import dev.darkroom.cli.runs.RunsCommand;
import dev.darkroom.cli.scans.ScanCommand;
import dev.darkroom.cli.scans.ScansCommand;
import dev.darkroom.cli.schedules.SchedulesCommand;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** {@code darkroom}: the command line's root and its entry point. */
@Command(
    name = "darkroom",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = DarkroomCli.Version.class,
    description = "Darkroom from a terminal: a client of a Darkroom server's REST API.",
    footerHeading = "%nExample:%n",
    footer = {
      "  darkroom login http://localhost:8080 --token \"$TOKEN\"",
      "  darkroom runs start images-basic --query 'taken:2019' --sandbox --watch",
      "",
      "Exit codes: 0 done, 1 run failed or refused, 2 usage, 3 not found, 4 auth,"
          + " 5 server unreachable."
    },
    subcommands = {
      ScanCommand.class,
      ScansCommand.class,
      AssetsCommand.class,
      CollectionsCommand.class,
      RunsCommand.class,
      CoverageCommand.class,
      SchedulesCommand.class,
      ExportCommand.class,
      PipelinesCommand.class,
      ToolsCommand.class,
      LoginCommand.class,
      ConfigCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DarkroomCli {

  public static void main(String[] args) {
    System.exit(run(CliEnvironment.system(), args));
  }

  /** Runs one command line and answers its exit code ({@link ExitCode}). */
  public static int run(CliEnvironment env, String... args) {
    int code = commandLine(env).execute(args);
    env.out().flush();
    env.err().flush();
    return code;
  }

  /** The command tree, wired to {@code env}: the source of help, completion and docs/cli.md. */
  public static CommandLine commandLine(CliEnvironment env) {
    CommandLine cli = new CommandLine(new DarkroomCli(), new Factory(env));
    cli.setOut(env.out());
    cli.setErr(env.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(env.terminal());
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          env.out().flush();
          env.err().println("darkroom: " + e.getMessage());
          if (e instanceof InvalidQueryException query) {
            env.err().println(query.caret());
          }
          env.err().flush();
          if (e instanceof ApiException api) {
            return api.exitCode();
          }
          if (e instanceof ServerUnreachableException) {
            return ExitCode.UNREACHABLE;
          }
          if (e instanceof UsageException) {
            return ExitCode.USAGE;
          }
          return ExitCode.FAILED;
        });
    return cli;
  }

  /** Builds commands, handing the environment to those that take one. */
  record Factory(CliEnvironment env) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> constructor = type.getDeclaredConstructor(CliEnvironment.class);
        constructor.setAccessible(true);
        return constructor.newInstance(env);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** The version the jar was built as. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = DarkroomCli.class.getPackage().getImplementationVersion();
      return new String[] {"darkroom " + (version == null ? "(development build)" : version)};
    }
  }
}
