package dev.darkroom.core.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every Darkroom process shares.
 *
 * @param dataDir where Darkroom keeps its own state (embedded PostgreSQL, filesystem artifacts);
 *     never inside an archive root. Env: {@code DARKROOM_DATA_DIR}.
 */
@ConfigurationProperties("darkroom")
public record DarkroomProperties(@DefaultValue("./darkroom-data") Path dataDir) {}
