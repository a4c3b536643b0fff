package dev.darkroom.cli.config;

import org.jspecify.annotations.Nullable;

/**
 * Where the server is and the token to show it.
 *
 * @param url the server's base URL, e.g. {@code http://localhost:8080}
 * @param token the API token, or null when none is set
 * @param urlSource where the URL came from, for {@code darkroom config}: {@code DARKROOM_URL}, the
 *     config file's path, or {@code default}
 */
public record CliConfig(
    String url, @Nullable String token, String urlSource, @Nullable String tokenSource) {

  public static final String DEFAULT_URL = "http://localhost:8080";
}
