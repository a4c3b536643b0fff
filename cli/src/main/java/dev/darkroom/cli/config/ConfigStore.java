package dev.darkroom.cli.config;

import dev.darkroom.cli.CliEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The config file, {@code $XDG_CONFIG_HOME/darkroom/config.json} (else {@code
 * ~/.config/darkroom/config.json}): the server URL and API token {@code darkroom login} saved. It
 * holds a secret, so it is written 0600 in a 0700 directory, through a temporary file that never
 * had wider permissions. {@code DARKROOM_URL} and {@code DARKROOM_TOKEN} override what it says.
 */
public final class ConfigStore {

  static final JsonMapper JSON = JsonMapper.builder().build();
  private final CliEnvironment env;

  public ConfigStore(CliEnvironment env) {
    this.env = env;
  }

  public Path file() {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg != null ? Path.of(xdg) : env.home().resolve(".config");
    return base.resolve("darkroom").resolve("config.json");
  }

  /** The effective settings: environment first, then the file, then the default URL. */
  public CliConfig load() {
    Map<String, String> saved = read();
    String file = file().toString();
    String url = env.get("DARKROOM_URL");
    String urlSource = "DARKROOM_URL";
    if (url == null) {
      url = saved.get("url");
      urlSource = file;
    }
    if (url == null) {
      url = CliConfig.DEFAULT_URL;
      urlSource = "default";
    }
    String token = env.get("DARKROOM_TOKEN");
    String tokenSource = "DARKROOM_TOKEN";
    if (token == null) {
      token = saved.get("token");
      tokenSource = token == null ? null : file;
    }
    return new CliConfig(url, token, urlSource, tokenSource);
  }

  /** Saves the URL and token (null: keep the saved token) with owner-only permissions. */
  public void save(String url, @Nullable String token) {
    Map<String, String> values = new LinkedHashMap<>(read());
    values.put("url", url);
    if (token != null) {
      values.put("token", token);
    }
    write(values);
  }

  /** Forgets the saved token, keeping the URL. */
  public void forgetToken() {
    Map<String, String> values = new LinkedHashMap<>(read());
    values.remove("token");
    write(values);
  }

  private Map<String, String> read() {
    Path file = file();
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      JsonNode tree = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      Map<String, String> values = new LinkedHashMap<>();
      tree.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          file + " is not a Darkroom config file (JSON): fix or remove it, then `darkroom login`",
          e);
    }
  }

  private void write(Map<String, String> values) {
    Path file = file();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      Path dir = file.getParent();
      if (posix) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
      Path temp =
          posix
              ? Files.createTempFile(
                  dir,
                  ".config",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(dir, ".config", ".tmp");
      Files.writeString(
          temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(values) + "\n");
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      if (posix) {
        // An older file may have had wider permissions; the move replaced it, this makes sure.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
