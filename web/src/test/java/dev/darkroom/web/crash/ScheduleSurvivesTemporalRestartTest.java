package dev.darkroom.web.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.darkroom.batch.sample.SampleArchive;
import dev.darkroom.batch.sample.SampleArchiveGenerator;
import dev.darkroom.batch.testing.PacedTool.RecordedCall;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A schedule outlives its Temporal server: the real server as its own JVM on the embedded defaults,
 * a schedule firing every five seconds, and the supervised Temporal dev server killed with {@code
 * SIGKILL} while the schedule's first run is under way. The supervisor starts the dev server again
 * on the same SQLite file; the firing that waits for its run carries on, the run completes with
 * every unit once, and the schedule keeps firing: the next firing's run plans nothing, because the
 * first one left every asset current. Skipped, naming it, without the {@code temporal} CLI.
 */
class ScheduleSurvivesTemporalRestartTest {

  // the sample archive's 31 images; a production run leaves its 2 text files alone
  static final int IMAGES = 31;
  static final Duration LIMIT = Duration.ofMinutes(8);

  @TempDir Path work;

  @Test
  void aScheduleKeepsFiringAndItsRunCompletesWhenTheDevServerIsKilledMidFiring() throws Exception {
    assumeTrue(ChildServer.onPath("temporal"), "needs the Temporal CLI (`temporal`) on PATH");
    SampleArchive archive = SampleArchiveGenerator.generate(work.resolve("photos"));
    ChildServer server =
        ChildServer.start(
            work,
            work.resolve("data"),
            400,
            List.of(
                "--darkroom.archive.roots=" + archive.root(),
                "--darkroom.runs.chunk-size=2",
                "--darkroom.runs.partition-size=8",
                "--darkroom.launcher.in-process.threads=2"));
    try {
      // given a schedule whose first run is under way
      server.awaitReady();
      server.scan(LIMIT);
      HttpResponse<String> created =
          server.post(
              "/api/schedules",
              """
              {"name": "every-five-seconds", "pipeline": "%s", "interval": "5s",
               "overlap": "SKIP", "scope": {"all": true}}
              """
                  .formatted(CrashTestServer.RECORDED_TOOL));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      long scheduleId = ChildServer.json(created.body()).path("id").asLong();
      server.await(
          () -> {
            JsonNode runs = schedule(server, scheduleId).path("runs");
            return runs.size() == 1 && runs.get(0).path("unitsDone").asLong() >= 4;
          },
          "the schedule's first run under way",
          LIMIT);
      long firstRun = schedule(server, scheduleId).path("runs").get(0).path("id").asLong();

      // when the dev server is killed
      ProcessHandle devServer = server.devServer();
      ChildServer.signal("KILL", devServer);

      // then it is started again, the first run completes with every unit once
      JsonNode run = server.awaitEnd(firstRun, LIMIT);
      assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("COMPLETED");
      assertThat(run.path("counts").path("done").asInt()).isEqualTo(IMAGES);
      assertThat(server.devServer().pid()).isNotEqualTo(devServer.pid());
      Map<Long, Long> calls =
          ChildServer.invocations(work).stream()
              .collect(Collectors.groupingBy(RecordedCall::assetId, Collectors.counting()));
      assertThat(calls).hasSize(IMAGES);

      // and the schedule, kept in the restarted server's file, fires again: a run with nothing
      // left to do
      server.await(
          () -> schedule(server, scheduleId).path("runs").size() >= 2,
          "a second firing after the restart",
          LIMIT);
      JsonNode after = schedule(server, scheduleId);
      assertThat(after.path("temporal").path("nextFirings").size())
          .as(after.toString())
          .isPositive();
      long secondRun = after.path("runs").get(0).path("id").asLong();
      assertThat(secondRun).isNotEqualTo(firstRun);
      JsonNode second = server.awaitEnd(secondRun, LIMIT);
      assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("COMPLETED");
      assertThat(second.path("counts").path("total").asInt()).isZero();
      assertThat(ChildServer.invocations(work))
          .hasSize(calls.values().stream().mapToInt(Long::intValue).sum());
    } finally {
      server.stop();
    }
  }

  private static JsonNode schedule(ChildServer server, long id) throws Exception {
    return server.getJson("/api/schedules/" + id);
  }
}
