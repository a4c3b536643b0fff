package dev.darkroom.storage.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code darkroom.storage.*}: which artifact store to use and how to reach it. Every property has
 * an environment-variable form by Spring's relaxed binding, e.g. {@code DARKROOM_STORAGE_TYPE},
 * {@code DARKROOM_STORAGE_MINIO_ENDPOINT}, {@code DARKROOM_STORAGE_FILESYSTEM_ROOT}.
 *
 * @param type {@code filesystem} (default) or {@code minio} (any S3 API)
 * @param sweeper retention and garbage settings
 * @param migration a {@code migrate-artifacts} run to do at start-up, when {@code
 *     migration.to.type} is set
 */
@ConfigurationProperties("darkroom.storage")
public record StorageProperties(
    @DefaultValue("filesystem") StoreType type,
    @DefaultValue Filesystem filesystem,
    @DefaultValue Minio minio,
    @DefaultValue Sweeper sweeper,
    @DefaultValue Migration migration) {

  public enum StoreType {
    FILESYSTEM,
    MINIO
  }

  /**
   * @param root store directory; default {@code ${darkroom.data-dir:./darkroom-data}/artifacts}
   * @param downloadBaseUrl where the web application serves blobs as {@code <base>/<key>}; unset
   *     means no download URLs (stream through the application)
   */
  public record Filesystem(@Nullable Path root, @Nullable URI downloadBaseUrl) {}

  /** See {@link dev.darkroom.storage.minio.MinioStoreSettings} for what each setting does. */
  public record Minio(
      @Nullable URI endpoint,
      @Nullable String accessKey,
      @Nullable String secretKey,
      @DefaultValue("darkroom-artifacts") String bucket,
      @DefaultValue("us-east-1") String region,
      @DefaultValue("true") boolean createBucket,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("60s") Duration readTimeout,
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("200ms") Duration initialBackoff,
      @DefaultValue("16MB") DataSize partSize) {}

  /**
   * @param grace an unreferenced blob is deleted only when last written longer ago than this;
   *     writers must commit a blob's row within it
   * @param interval how often the server sweeps (expired sandbox artifacts, unreferenced blobs
   *     older than the grace period); {@code 0} turns scheduled sweeps off
   * @param initialDelay from the server's start to its first sweep
   */
  public record Sweeper(
      @DefaultValue("1h") Duration grace,
      @DefaultValue("1h") Duration interval,
      @DefaultValue("5m") Duration initialDelay) {}

  /** The target store of a migration, configured like the main one. */
  public record Migration(@DefaultValue Target to) {}

  /**
   * @param type unset means no migration
   */
  public record Target(
      @Nullable StoreType type, @DefaultValue Filesystem filesystem, @DefaultValue Minio minio) {}
}
