package dev.darkroom.batch.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.darkroom.core.run.PartitionWorkerCommand;
import dev.darkroom.testsupport.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worker's {@code partition} and {@code serve} command lines and the exit codes that need no
 * running job (the process launcher's tests in temporal-orchestrator run whole partitions in worker
 * JVMs).
 */
class WorkerMainPartitionTest {

  @Test
  void argumentsOfTheSharedCommandLineParse() {
    PartitionArguments parsed =
        PartitionArguments.parse(
            List.of("partition", "--run=7", "--partition=3", "--attempt=2", "--x.y=z"));

    assertThat(parsed).isEqualTo(new PartitionArguments(7, 3, 2));
    assertThat(PartitionArguments.parse(List.of("partition", "--run=7", "--partition=0")).attempt())
        .isEqualTo(1);
  }

  @Test
  void missingOrMalformedArgumentsAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> PartitionArguments.parse(List.of("partition", "--partition=0")))
        .hasMessageContaining("--run");
    assertThatThrownBy(
            () -> PartitionArguments.parse(List.of("partition", "--run=x", "--partition=0")))
        .hasMessageContaining("--run must be a number");
    assertThatThrownBy(
            () -> PartitionArguments.parse(List.of("partition", "--run=1", "--partition=-1")))
        .hasMessageContaining("--partition");
  }

  @Test
  void badArgumentsExitWithTheUsageCodeBeforeAnythingStarts() {
    assertThat(WorkerMain.run(new String[] {"partition", "--run=1"}))
        .isEqualTo(PartitionWorkerCommand.EXIT_USAGE);
    assertThat(WorkerMain.run(new String[] {"unknown"}))
        .isEqualTo(PartitionWorkerCommand.EXIT_USAGE);
    assertThat(WorkerMain.run(new String[0])).isEqualTo(PartitionWorkerCommand.EXIT_USAGE);
  }

  @Test
  void aPartitionThatDoesNotExistExitsWithTheUsageCode() throws Exception {
    // given a migrated database with no runs
    TestDatabase db = TestDatabase.create("WorkerMainPartition");
    Path dataDir = Files.createTempDirectory("darkroom-worker-main");

    // when the worker is asked for a partition of a run that does not exist
    int exit =
        WorkerMain.run(
            new String[] {
              "partition",
              "--run=4242",
              "--partition=0",
              "--attempt=1",
              "--spring.datasource.url=" + db.jdbcUrl(),
              "--spring.datasource.username=" + db.username(),
              "--spring.datasource.password=" + db.password(),
              "--darkroom.data-dir=" + dataDir
            });

    // then relaunching would not help: usage
    assertThat(exit).isEqualTo(PartitionWorkerCommand.EXIT_USAGE);
  }

  @Test
  void aDatabaseThatCannotBeReachedIsAFailureARelaunchMayFix() throws Exception {
    Path dataDir = Files.createTempDirectory("darkroom-worker-main");

    int exit =
        WorkerMain.run(
            new String[] {
              "partition",
              "--run=1",
              "--partition=0",
              "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
              "--spring.datasource.hikari.connection-timeout=2000",
              "--spring.datasource.hikari.initialization-fail-timeout=1",
              "--darkroom.data-dir=" + dataDir
            });

    assertThat(exit).isEqualTo(PartitionWorkerCommand.EXIT_FAILED);
  }

  @Test
  void aServingWorkerRunsOneAssignmentPerLineReportsEachEndAndExitsWhenItsInputEnds()
      throws Exception {
    // given a migrated database with no runs, and two assignments: an unknown partition and junk
    TestDatabase db = TestDatabase.create("WorkerMainServe");
    Path dataDir = Files.createTempDirectory("darkroom-worker-serve");
    String lines = "partition --run=4242 --partition=0 --attempt=1\nnot a partition\n";
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;

    // when a long-lived worker reads them until its input ends
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit =
          WorkerMain.serve(
              new String[] {
                "serve",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--darkroom.data-dir=" + dataDir
              },
              new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)));
    } finally {
      System.setOut(out);
    }

    // then each assignment got its end line with its exit code, and the worker ended normally
    List<Integer> codes =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .map(PartitionWorkerCommand::exitCodeOf)
            .filter(code -> code >= 0)
            .toList();
    assertThat(codes)
        .containsExactly(PartitionWorkerCommand.EXIT_USAGE, PartitionWorkerCommand.EXIT_USAGE);
    assertThat(exit).isEqualTo(PartitionWorkerCommand.EXIT_COMPLETED);
  }
}
