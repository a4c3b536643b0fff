package dev.darkroom.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What a command may touch of the outside world: environment variables, the streams, whether stdout
 * is a terminal and how wide it is. Tests pass their own, so no command reads {@code System.getenv}
 * or {@code System.out} directly.
 *
 * @param terminal stdout is an interactive terminal: progress bars and colour are allowed
 * @param columns the terminal's width in characters; {@code 0} when unknown (not a terminal)
 */
public record CliEnvironment(
    Map<String, String> env,
    PrintWriter out,
    PrintWriter err,
    InputStream in,
    boolean terminal,
    int columns,
    Path home) {

  /** The real process: its environment, stdout/stderr, the terminal when there is one. */
  public static CliEnvironment system() {
    Map<String, String> env = System.getenv();
    boolean terminal = stdoutIsTerminal();
    return new CliEnvironment(
        env,
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        System.in,
        terminal,
        columns(env, terminal),
        Path.of(System.getProperty("user.home")));
  }

  public @Nullable String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** Colour only on a terminal, and never when {@code NO_COLOR} is set (no-color.org). */
  public boolean colour() {
    return terminal && get("NO_COLOR") == null;
  }

  /** The width tables are fitted to: the terminal's, {@code COLUMNS}, else unlimited. */
  public int width() {
    return columns > 0 ? columns : Integer.MAX_VALUE;
  }

  private static boolean stdoutIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    // Java 22+ returns a console even when redirected; isTerminal() then tells the truth.
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17-21: a console exists only when stdin and stdout are terminals.
    }
  }

  private static int columns(Map<String, String> env, boolean terminal) {
    String fixed = env.get("COLUMNS");
    if (fixed != null && fixed.matches("\\d+")) {
      return Integer.parseInt(fixed);
    }
    if (!terminal) {
      return 0;
    }
    // COLUMNS is a shell variable, rarely exported: ask the terminal itself.
    try {
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
              .start();
      String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (stty.waitFor(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS)) {
        String[] parts = size.trim().split("\\s+");
        if (parts.length == 2 && parts[1].matches("\\d+")) {
          return Integer.parseInt(parts[1]);
        }
      }
    } catch (IOException e) {
      // no stty: fall through to the classic width
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 80;
  }
}
