package dev.darkroom.storage.config;

import dev.darkroom.core.storage.ArtifactStore;
import dev.darkroom.core.storage.ArtifactStoreException;
import dev.darkroom.storage.config.StorageProperties.Filesystem;
import dev.darkroom.storage.config.StorageProperties.Minio;
import dev.darkroom.storage.config.StorageProperties.StoreType;
import dev.darkroom.storage.filesystem.FilesystemArtifactStore;
import dev.darkroom.storage.minio.MinioArtifactStore;
import dev.darkroom.storage.minio.MinioStoreSettings;
import java.nio.file.Path;
import java.util.List;

/** Builds a store from settings; used for the configured store and for a migration target. */
public final class ArtifactStoreFactory {

  private final Path defaultFilesystemRoot;
  private final List<Path> archiveRoots;

  /**
   * @param defaultFilesystemRoot used when {@code filesystem.root} is unset
   * @param archiveRoots {@code darkroom.archive.roots}; a filesystem store refuses to overlap them
   */
  public ArtifactStoreFactory(Path defaultFilesystemRoot, List<Path> archiveRoots) {
    this.defaultFilesystemRoot = defaultFilesystemRoot;
    this.archiveRoots = List.copyOf(archiveRoots);
  }

  public ArtifactStore create(StoreType type, Filesystem filesystem, Minio minio, String prefix) {
    return switch (type) {
      case FILESYSTEM ->
          new FilesystemArtifactStore(
              filesystem.root() != null ? filesystem.root() : defaultFilesystemRoot,
              archiveRoots,
              filesystem.downloadBaseUrl());
      case MINIO -> new MinioArtifactStore(minioSettings(minio, prefix));
    };
  }

  static MinioStoreSettings minioSettings(Minio minio, String prefix) {
    String where = "s3:" + minio.endpoint() + "/" + minio.bucket();
    if (minio.endpoint() == null) {
      throw new ArtifactStoreException(
          where,
          prefix
              + ".type=minio needs "
              + prefix
              + ".minio.endpoint (env "
              + env(prefix + ".minio.endpoint")
              + "), e.g. http://minio:9000");
    }
    if (minio.accessKey() == null || minio.secretKey() == null) {
      throw new ArtifactStoreException(
          where,
          prefix
              + ".type=minio needs "
              + prefix
              + ".minio.access-key and .secret-key (env "
              + env(prefix + ".minio.access-key")
              + ", "
              + env(prefix + ".minio.secret-key")
              + ")");
    }
    return new MinioStoreSettings(
        minio.endpoint(),
        minio.accessKey(),
        minio.secretKey(),
        minio.bucket(),
        minio.region(),
        minio.createBucket(),
        minio.connectTimeout(),
        minio.readTimeout(),
        minio.maxAttempts(),
        minio.initialBackoff(),
        minio.partSize().toBytes());
  }

  private static String env(String property) {
    return property.toUpperCase().replace('.', '_').replace("-", "");
  }
}
