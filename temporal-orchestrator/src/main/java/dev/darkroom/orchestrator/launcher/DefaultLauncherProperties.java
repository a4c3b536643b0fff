package dev.darkroom.orchestrator.launcher;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code darkroom.runs.default-launcher} ({@code DARKROOM_RUNS_DEFAULT_LAUNCHER}): where the
 * partitions of a run that names no launcher run, default {@code in-process}.
 */
@ConfigurationProperties("darkroom.runs")
public record DefaultLauncherProperties(@DefaultValue("in-process") String defaultLauncher) {}
