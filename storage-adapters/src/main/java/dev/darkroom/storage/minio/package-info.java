/** The artifact store on MinIO or any S3 API, through the MinIO Java client. */
@NullMarked
package dev.darkroom.storage.minio;

import org.jspecify.annotations.NullMarked;
