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

  private static Path executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
