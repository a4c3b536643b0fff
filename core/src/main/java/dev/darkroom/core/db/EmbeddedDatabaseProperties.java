package dev.darkroom.core.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL used when no {@code spring.datasource.url} (env {@code DARKROOM_DB_URL})
 * is configured.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one at every start. Env: {@code
 *     DARKROOM_DB_EMBEDDED_PORT}.
 */
@ConfigurationProperties("darkroom.db.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("0") int port) {}
