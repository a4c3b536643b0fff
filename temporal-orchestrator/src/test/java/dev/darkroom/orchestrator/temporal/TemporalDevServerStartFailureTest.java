package dev.darkroom.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.darkroom.orchestrator.temporal.TemporalDevServerException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "fake CLIs are shell scripts")
class TemporalDevServerStartFailureTest {

  @TempDir Path dir;

  @Test
  void binaryThatExitsAtOnceFailsAsExitedEarlyWithItsLastLogLines() throws IOException {
    Path cli = script("echo 'unable to open database file: permission denied' >&2\nexit 1");

    TemporalDevServerException e =
        catchThrowableOfType(
            TemporalDevServerException.class,
            () -> TemporalDevServer.builder(cli).dbFile(dir.resolve("t.db")).headless().start());

    assertThat(e.reason()).isEqualTo(Reason.EXITED_EARLY);
    assertThat(e.getMessage())
        .contains("exited with code 1 before it was ready")
        .contains(cli.toString())
        .contains("unable to open database file: permission denied")
        .contains(dir.resolve("temporal.log").toString());
    assertThat(e.logTail()).containsExactly("unable to open database file: permission denied");
  }

  @Test
  void binaryThatNeverAnswersFailsAsNotReadyInTimeAndIsStopped() throws IOException {
    Path pidFile = dir.resolve("pid");
    Path cli = script("echo \"starting, pid $$\"\necho $$ > " + pidFile + "\nexec sleep 60");

    TemporalDevServerException e =
        catchThrowableOfType(
            TemporalDevServerException.class,
            () ->
                TemporalDevServer.builder(cli)
                    .headless()
                    .logFile(dir.resolve("server.log"))
                    .startupTimeout(Duration.ofSeconds(1))
                    .start());

    assertThat(e.reason()).isEqualTo(Reason.NOT_READY_IN_TIME);
    assertThat(e.getMessage()).contains("did not answer at 127.0.0.1:").contains("starting, pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
  }

  @Test
  void missingBinaryFailsAsCannotLaunch() {
    Path cli = dir.resolve("no-such-temporal");

    TemporalDevServerException e =
        catchThrowableOfType(
            TemporalDevServerException.class,
            () -> TemporalDevServer.builder(cli).logFile(dir.resolve("server.log")).start());

    assertThat(e.reason()).isEqualTo(Reason.CANNOT_LAUNCH);
    assertThat(e.getMessage()).contains("Cannot launch the Temporal CLI at " + cli);
  }

  private Path script(String body) throws IOException {
    Path file = dir.resolve("fake-temporal");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
