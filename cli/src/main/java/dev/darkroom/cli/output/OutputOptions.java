package dev.darkroom.cli.output;

import picocli.CommandLine.Option;

/** {@code --output} and {@code -q}, mixed into every command that prints something. */
public class OutputOptions {

  /** How a command prints its answer. */
  public enum Format {
    table,
    json
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (for people, the default) or json (the API's JSON, for scripts)")
  Format format = Format.table;

  @Option(
      names = {"-q", "--quiet"},
      description = "print only ids, one a line (no progress, no table)")
  boolean quiet;

  public boolean json() {
    return format == Format.json;
  }

  public boolean quiet() {
    return quiet;
  }
}
