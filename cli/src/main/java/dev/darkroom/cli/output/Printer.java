package dev.darkroom.cli.output;

import dev.darkroom.cli.CliEnvironment;
import dev.darkroom.cli.api.ApiClient;
import java.util.Collection;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** Prints a command's answer in the format asked for: a table, the API's JSON, or ids. */
public final class Printer {

  private final CliEnvironment env;
  private final OutputOptions options;

  public Printer(CliEnvironment env, OutputOptions options) {
    this.env = env;
    this.options = options;
  }

  public boolean json() {
    return options.json();
  }

  public boolean quiet() {
    return options.quiet();
  }

  /** Progress bars and chatter only for a person at a terminal, never with -q or json. */
  public boolean interactive() {
    return env.terminal() && !options.quiet() && !options.json();
  }

  public CliEnvironment env() {
    return env;
  }

  /**
   * One answer: its JSON, its id, or the human rendering {@code human} writes.
   *
   * @param idField the member printed by {@code -q}
   */
  public void one(JsonNode node, String idField, Consumer<Printer> human) {
    if (options.json()) {
      printJson(node);
    } else if (options.quiet()) {
      line(node.path(idField).asString());
    } else {
      human.accept(this);
    }
    env.out().flush();
  }

  /** A list: a JSON array, one id a line, or the table. */
  public void list(Collection<JsonNode> items, String idField, Table table) {
    if (options.json()) {
      printJson(ApiClient.JSON.valueToTree(items));
    } else if (options.quiet()) {
      items.forEach(item -> line(item.path(idField).asString()));
    } else if (table.isEmpty()) {
      env.err().println("(none)");
    } else {
      env.out().print(table.render(env.width()));
    }
    env.out().flush();
    env.err().flush();
  }

  public void printJson(JsonNode node) {
    env.out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    env.out().flush();
  }

  public void line(String text) {
    env.out().println(text);
  }

  /** A table under one object's fields, after a blank line. */
  public void section(Table table) {
    line("");
    env.out().print(table.render(env.width()));
  }

  /** Fields of one object as aligned {@code name: value} lines. */
  public void fields(Object... namesAndValues) {
    int width = 0;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      width = Math.max(width, namesAndValues[i].toString().length());
    }
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      String text = value == null ? "-" : value.toString();
      if (value instanceof JsonNode node) {
        text =
            node.isNull() || node.isMissingNode()
                ? "-"
                : node.isValueNode() ? node.asString() : node.toString();
      }
      line(
          String.format(
              "%-" + (width + 1) + "s %s",
              namesAndValues[i] + ":",
              Table.fit(text, Math.max(20, env.width() - width - 2))));
    }
  }

  /** A JSON value as table text: null and missing as "-", containers as JSON. */
  public static String text(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "-";
    }
    return node.isValueNode() ? node.asString() : node.toString();
  }

  static final java.time.format.DateTimeFormatter LOCAL_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
          .withZone(java.time.ZoneId.systemDefault());

  /** An API instant as local time to the second, for tables ("-" when absent). */
  public static String time(JsonNode instant) {
    if (!instant.isString()) {
      return "-";
    }
    try {
      return LOCAL_TIME.format(java.time.Instant.parse(instant.asString()));
    } catch (java.time.format.DateTimeParseException e) {
      return instant.asString();
    }
  }

  /** A status word, coloured at a terminal (green done, red failed, yellow otherwise). */
  public String status(String status) {
    if (!env.colour()) {
      return status;
    }
    String colour =
        switch (status) {
          case "COMPLETED" -> "32";
          case "FAILED", "CANCELLED" -> "31";
          default -> "33";
        };
    return "\u001b[" + colour + "m" + status + "\u001b[0m";
  }
}
