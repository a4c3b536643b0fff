package dev.darkroom.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A fake terminal for running the command line in-process: fixed width, captured output. */
public final class TestTerminal {

  public final Map<String, String> env = new HashMap<>();
  public final Path home;
  public StringWriter out;
  public StringWriter err;
  public int columns = 80;
  public boolean terminal;

  public TestTerminal(Path home) {
    this.home = home;
  }

  /** Runs {@code darkroom args...}; its output stays in {@link #out} and {@link #err}. */
  public int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            Map.copyOf(env),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new ByteArrayInputStream(new byte[0]),
            terminal,
            columns,
            home);
    return DarkroomCli.run(environment, args);
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }
}
