package dev.darkroom.batch.preflight;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The run preflight ({@code darkroom.preflight.*}).
 *
 * @param archiveRoots check, from this server, that the archive roots of a run's scope are mounted,
 *     readable and not empty. Turn it off only where the server does not mount the archive and the
 *     workers do (the kubernetes launcher). Env: {@code DARKROOM_PREFLIGHT_ARCHIVE_ROOTS}.
 */
@ConfigurationProperties("darkroom.preflight")
public record PreflightProperties(@DefaultValue("true") boolean archiveRoots) {}
