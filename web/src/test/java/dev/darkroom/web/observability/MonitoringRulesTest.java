package dev.darkroom.web.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerting rules in k8s/monitoring: {@code promtool check rules} accepts them, {@code promtool
 * test rules} passes the unit tests, every alert has a firing and a not-firing test, and the
 * PrometheusRule holds exactly the groups of the plain rules file. Skipped, naming {@code
 * promtool}, when it is not on PATH.
 */
class MonitoringRulesTest {

  static final Path DIR = Path.of("../k8s/monitoring");

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    Assumptions.assumeTrue(onPath("promtool"), "promtool is not on PATH (Debian's prometheus)");
    assertThat(run("promtool", "check", "rules", "darkroom-alerts.rules.yml")).isZero();
    assertThat(run("promtool", "test", "rules", "darkroom-alerts.test.yml")).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertIsTestedFiringAndNotFiringAndThePrometheusRuleIsTheSame() throws IOException {
    Yaml yaml = new Yaml();
    Map<String, Object> rules =
        yaml.load(Files.readString(DIR.resolve("darkroom-alerts.rules.yml")));
    Map<String, Object> crd = yaml.load(Files.readString(DIR.resolve("prometheusrule.yaml")));
    assertThat(crd.get("spec")).isEqualTo(rules);

    Set<String> alerts = new TreeSet<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        alerts.add((String) rule.get("alert"));
      }
    }
    Map<String, Object> tests =
        yaml.load(Files.readString(DIR.resolve("darkroom-alerts.test.yml")));
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
      for (Map<String, Object> check : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        List<?> expected = (List<?>) check.get("exp_alerts");
        (expected == null || expected.isEmpty() ? silent : firing)
            .add((String) check.get("alertname"));
      }
    }
    assertThat(firing).as("alerts tested firing").isEqualTo(alerts);
    assertThat(silent).as("alerts tested not firing").isEqualTo(alerts);
  }

  @Test
  void everyDashboardQueryNamesOnlyDarkroomOrTemporalMetrics() throws IOException {
    String json = Files.readString(DIR.resolve("grafana/darkroom-dashboard.json"));
    Matcher expr = Pattern.compile("\"expr\": \"([^\"]*)\"").matcher(json);
    int queries = 0;
    while (expr.find()) {
      queries++;
      assertThat(ObservabilityLiveTest.metricNames(expr.group(1))).isNotEmpty();
    }
    assertThat(queries).isGreaterThanOrEqualTo(8);
  }

  private static int run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    if (exit != 0) {
      System.out.println(output);
    }
    return exit;
  }

  private static boolean onPath(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }
}
