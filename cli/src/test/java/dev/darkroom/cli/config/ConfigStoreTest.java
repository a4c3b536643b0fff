package dev.darkroom.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.cli.TestTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file holds a token: owner-only, where XDG says, overridden by the environment. */
class ConfigStoreTest {

  @TempDir Path home;

  @Test
  void savedConfigIsReadableByItsOwnerOnly() throws Exception {
    TestTerminal terminal = new TestTerminal(home);

    assertThat(terminal.run("config", "--url", "http://nas:8080")).isZero();

    Path file = home.resolve(".config/darkroom/config.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(file)).contains("http://nas:8080");
  }

  @Test
  void anOlderWorldReadableFileIsTightenedWhenSaved() throws Exception {
    Path file = home.resolve(".config/darkroom/config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"url\":\"http://old\",\"token\":\"secret-token\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(new TestTerminal(home).run("config", "--url", "http://new")).isZero();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).contains("secret-token").contains("http://new");
  }

  @Test
  void xdgConfigHomeIsRespectedAndTheEnvironmentOverridesTheFile() throws Exception {
    TestTerminal terminal = new TestTerminal(home);
    Path xdg = home.resolve("xdg");
    terminal.env.put("XDG_CONFIG_HOME", xdg.toString());
    terminal.run("config", "--url", "http://from-file:8080");
    assertThat(xdg.resolve("darkroom/config.json")).exists();

    terminal.env.put("DARKROOM_URL", "http://from-env:9090");
    terminal.env.put("DARKROOM_TOKEN", "abcdefghijkl");
    assertThat(terminal.run("config", "-o", "json")).isZero();

    assertThat(terminal.out())
        .contains("\"url\" : \"http://from-env:9090\"")
        .contains("\"urlSource\" : \"DARKROOM_URL\"")
        .contains("\"tokenSource\" : \"DARKROOM_TOKEN\"")
        .doesNotContain("abcdefghijkl");
  }
}
