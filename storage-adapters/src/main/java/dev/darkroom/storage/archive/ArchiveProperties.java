package dev.darkroom.storage.archive;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read-only archive.
 *
 * @param roots directories holding originals; each is known by its last path component, which must
 *     be unique. Env: {@code DARKROOM_ARCHIVE_ROOTS} (comma-separated).
 */
@ConfigurationProperties("darkroom.archive")
public record ArchiveProperties(@DefaultValue List<Path> roots) {}
