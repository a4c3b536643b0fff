package dev.darkroom.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every template escapes what it shows and stays inside the Content-Security-Policy. File names,
 * paths and metadata come from the archive, so a template must print them with {@code th:text}
 * (escaped), never {@code th:utext} or {@code [(...)]} (raw); and the CSP refuses inline scripts,
 * event-handler attributes and htmx's evaluated attributes, so a template that uses them would
 * silently not work.
 */
class TemplateEscapingTest {

  static final Path TEMPLATES = Path.of("src/main/resources/templates");

  /** What a template must not contain, each with the reason a reader of the failure needs. */
  static final List<Rule> RULES =
      List.of(
          new Rule(
              Pattern.compile("(?:data-)?th:utext"), "th:utext prints unescaped HTML; use th:text"),
          new Rule(
              Pattern.compile("\\[\\(\\s*[$*#@~]\\{"),
              "[(...)] inlines unescaped text; use [[...]] or th:text"),
          new Rule(
              Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE),
              "inline <script> is blocked by the CSP; put the code in static/js"),
          new Rule(
              Pattern.compile("\\s(?:th:)?on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE),
              "on...= event handlers are blocked by the CSP; listen from static/js"),
          new Rule(
              Pattern.compile("\\s(?:data-)?hx-on[:-]"),
              "hx-on needs eval, which the CSP and htmx.config.allowEval=false refuse"),
          new Rule(
              Pattern.compile("<style[\\s>]", Pattern.CASE_INSENSITIVE),
              "<style> elements are blocked by the CSP; use static/css/darkroom.css"));

  record Rule(Pattern pattern, String why) {}

  @Test
  void noTemplatePrintsUnescapedTextOrUsesWhatTheCspForbids() throws IOException {
    List<String> findings = new ArrayList<>();
    List<Path> templates;
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      templates = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
    }

    for (Path template : templates) {
      findings.addAll(
          findings(TEMPLATES.relativize(template).toString(), Files.readString(template)));
    }

    assertThat(templates).as("templates found under " + TEMPLATES.toAbsolutePath()).isNotEmpty();
    assertThat(findings).as("templates that could run or show raw input").isEmpty();
  }

  @Test
  void theCheckFindsEachForbiddenConstruct() {
    String bad =
        """
        <p th:utext="${name}"></p>
        <p>[(${name})]</p>
        <script>alert(1)</script>
        <img src="x" onerror="alert(1)">
        <button hx-on::after-request="go()">x</button>
        <style>p { color: red }</style>
        """;
    String good =
        """
        <p th:text="${name}"></p>
        <p>[[${name}]]</p>
        <script th:src="@{/js/darkroom.js}" defer></script>
        <button hx-post="/x" hx-target="#y">x</button>
        <p style="width: 40%">bar</p>
        """;

    assertThat(findings("bad.html", bad)).hasSize(RULES.size());
    assertThat(findings("good.html", good)).isEmpty();
  }

  static List<String> findings(String name, String html) {
    String withoutComments = html.replaceAll("(?s)<!--.*?-->", "");
    List<String> found = new ArrayList<>();
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(withoutComments);
      while (m.find()) {
        int line = withoutComments.substring(0, m.start()).split("\n", -1).length;
        found.add(name + ":" + line + ": " + m.group().strip() + " — " + rule.why());
      }
    }
    return found;
  }
}
